import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs on stdout, one logger per component. LOG_LEVEL is read here
 * rather than through a service's config because every package logs, services or not.
 */
export function createLogger(component: string): Logger {
  return pino({
    name: component,
    level: process.env.LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
