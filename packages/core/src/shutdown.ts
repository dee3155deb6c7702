/** The part of a pino logger shutdown uses; tests pass a recorder. */
export interface ShutdownLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type Closer = () => unknown;

export interface ShutdownResult {
  reason: string;
  /** Closers that threw or did not finish within the timeout. */
  failed: string[];
}

export interface Shutdown {
  /**
   * Registers a closer. Closers run in reverse order: last opened, first closed. One
   * added after shutdown finished is closed right away.
   */
  add(name: string, close: Closer): void;
  /** Runs every closer once; later calls return the same promise. Never rejects. */
  run(reason: string): Promise<ShutdownResult>;
  /** Aborted when run() starts, so loops and servers can stop taking new work. */
  readonly signal: AbortSignal;
}

/**
 * Ordered, bounded teardown. Each closer gets `timeoutMs`: a broker client that hangs
 * on close must not keep the pod in Terminating until Kubernetes kills it mid-flush
 * of the next closer. Failures are logged and reported, never thrown, so one bad
 * closer cannot skip the rest. Signal handling stays in each service's entry file.
 */
export function createShutdown(opts: { timeoutMs: number; logger: ShutdownLogger }): Shutdown {
  const { timeoutMs, logger } = opts;
  const closers: { name: string; close: Closer }[] = [];
  const aborter = new AbortController();
  let running: Promise<ShutdownResult> | undefined;
  let finished = false;

  async function closeOne(name: string, close: Closer): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const started = performance.now();
    try {
      const outcome = await Promise.race([Promise.resolve().then(close), timedOut]);
      if (outcome === "timeout") {
        logger.error({ closer: name, timeoutMs }, "shutdown: closer timed out");
        return false;
      }
      logger.info(
        { closer: name, ms: Math.round(performance.now() - started) },
        "shutdown: closed",
      );
      return true;
    } catch (err) {
      logger.error({ closer: name, err }, "shutdown: closer failed");
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async function runAll(reason: string): Promise<ShutdownResult> {
    logger.info({ reason, closers: closers.length }, "shutdown: started");
    const failed: string[] = [];
    // Closers added while we run are appended and still picked up by this loop.
    while (closers.length > 0) {
      const { name, close } = closers.pop() as { name: string; close: Closer };
      if (!(await closeOne(name, close))) failed.push(name);
    }
    finished = true;
    logger.info({ reason, failed }, "shutdown: finished");
    return { reason, failed };
  }

  return {
    add(name, close) {
      // Opened after teardown finished (a slow connect that just succeeded): close it now.
      if (finished) void closeOne(name, close);
      else closers.push({ name, close });
    },
    run(reason) {
      if (running === undefined) {
        aborter.abort(reason);
        running = runAll(reason);
      }
      return running;
    },
    signal: aborter.signal,
  };
}
