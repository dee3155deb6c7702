import type { createLogger } from "@rafaga/core";

type Logger = ReturnType<typeof createLogger>;

/**
 * Logs a repeated read when it starts failing and when it works again, not on every
 * refresh in between: the dashboard reads twice a second, and an outage would otherwise
 * write a warning each time.
 */
export function failureLog(logger: Logger, failing: string, recovered: string) {
  let down = false;
  return (failure: unknown | undefined): void => {
    const now = failure !== undefined;
    if (now === down) return;
    down = now;
    if (now) logger.warn({ err: failure }, failing);
    else logger.info(recovered);
  };
}
