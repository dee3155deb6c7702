import type { Logger } from "pino";
import { createLogger } from "./logger.ts";
import { isRafagaError } from "./rafaga-error.ts";
import { createShutdown, type Shutdown } from "./shutdown.ts";

export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  /** Closers run in reverse order of adding: add each resource as soon as it exists. */
  shutdown: Shutdown;
}

export interface ServiceSpec<C> {
  /** The logger's component name. */
  name: string;
  /** Reads and validates the configuration; a throw exits 2, naming the variable. */
  config: () => C | Promise<C>;
  /**
   * Called before start with the function that stops the service (run the closers, exit
   * 0, or 1 if one failed): the entry file hands it to its signal handlers, which live
   * there and nowhere else.
   */
  onSignals: (stop: (reason: string) => Promise<never>) => void;
  /** Opens everything; a throw logs, closes what opened and exits 1. */
  start: (context: ServiceContext<C>) => Promise<void>;
  shutdownTimeoutMs?: number;
}

/** Every tier's start-up, written once: configuration, signals, start, failure. */
export async function defineService<C>(spec: ServiceSpec<C>): Promise<void> {
  const logger = createLogger(spec.name);
  let config: C;
  try {
    config = await spec.config();
  } catch (error) {
    return configOrExit(logger, () => {
      throw error;
    });
  }
  const shutdown = createShutdown({ timeoutMs: spec.shutdownTimeoutMs ?? 15_000, logger });
  spec.onSignals((reason) => exitAfterShutdown(shutdown, reason));
  try {
    await spec.start({ config, logger, shutdown });
  } catch (error) {
    await failStartup(logger, shutdown, error);
  }
}

/**
 * What every service entry does first: read its configuration, and on a bad variable
 * exit with code 2 and a log line naming it, before anything connects.
 */
export function configOrExit<T>(logger: Logger, load: () => T): T {
  try {
    return load();
  } catch (error) {
    logger.fatal(
      isRafagaError(error) ? { code: error.code, field: error.field } : { err: error },
      error instanceof Error ? error.message : String(error),
    );
    process.exit(2);
  }
}

/** A start-up failure after the configuration was read: log it, close what opened, exit 1. */
export async function failStartup(
  logger: Logger,
  shutdown: Shutdown,
  error: unknown,
): Promise<never> {
  logger.fatal(
    isRafagaError(error) ? { code: error.code, field: error.field } : { err: error },
    String(error),
  );
  await shutdown.run("start-up failed");
  process.exit(1);
}

/** For an entry file's signal handler: run the closers, then exit 0 (or 1 if one failed). */
export async function exitAfterShutdown(shutdown: Shutdown, reason: string): Promise<never> {
  const { failed } = await shutdown.run(reason);
  process.exit(failed.length > 0 ? 1 : 0);
}
