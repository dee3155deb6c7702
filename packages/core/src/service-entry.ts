import type { Logger } from "pino";
import { isRafagaError } from "./rafaga-error.ts";
import type { Shutdown } from "./shutdown.ts";

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
