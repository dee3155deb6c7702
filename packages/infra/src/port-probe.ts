import net from "node:net";
import { RafagaError } from "@rafaga/core";
import { host } from "./config.ts";
import { sleep } from "./process-registry.ts";

/**
 * Writes `request` and collects the reply until `complete` says it has all of it. Any failure
 * (refused, reset, timeout) rejects: callers turn that into "not healthy".
 */
export function exchange(
  port: number,
  request: Uint8Array,
  complete: (received: Buffer) => boolean,
  timeoutMs = 2000,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(received);
    };
    const timer = setTimeout(() => finish(new Error(`no reply from ${host}:${port}`)), timeoutMs);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (complete(received)) finish();
    });
    socket.on("error", (error) => finish(error));
    socket.on("close", () => finish(new Error(`${host}:${port} closed the connection`)));
  });
}

export function isPortOpen(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(open);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on("connect", () => done(true));
    socket.on("error", () => done(false));
  });
}

/**
 * Polls `check` until it holds. `abort` is asked between polls so that a server which died
 * during startup fails in a second with a pointer to its log, not after the whole timeout.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; abort?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const reason = options.abort?.();
    if (reason !== undefined) throw new RafagaError("INFRA", `${what}: ${reason}`);
    if (Date.now() > deadline) {
      throw new RafagaError(
        "INFRA",
        `${what}: timed out after ${Math.round(options.timeoutMs / 1000)} s`,
      );
    }
    await sleep(200);
  }
}

export async function waitForPortClosed(port: number, timeoutMs: number): Promise<void> {
  await waitUntil(`port ${port} still open`, async () => !(await isPortOpen(port, 300)), {
    timeoutMs,
  });
}
