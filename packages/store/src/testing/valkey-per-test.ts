import { afterAll, afterEach, beforeAll } from "bun:test";
import type { Valkey } from "iovalkey";
import { dropPrefix, freshPrefix, valkeyForTests } from "./valkey-test-kit.ts";

/**
 * The hooks every Valkey test file needs, registered once: a client before the file, and
 * after each test its stores closed and its keys dropped. A test takes a fresh prefix with
 * `freshPrefix()` and reads it back as `prefix`. Apart from the kit, since bun:test exists
 * only under `bun test` and the kit is also read by a Node test and a benchmark.
 */
export function valkeyPerTest() {
  let raw: Valkey | undefined;
  let prefix = "";
  const closers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    raw = await valkeyForTests();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c.close()));
    if (prefix) await dropPrefix(raw as Valkey, prefix);
  }, 60_000);
  afterAll(() => raw?.disconnect(), 60_000);
  return {
    get raw(): Valkey {
      if (!raw) throw new Error("valkeyPerTest: the client is made in beforeAll");
      return raw;
    },
    get prefix(): string {
      return prefix;
    },
    freshPrefix(): string {
      prefix = freshPrefix();
      return prefix;
    },
    /** Closed after the test. */
    track<T extends { close(): Promise<void> }>(closable: T): T {
      closers.push(closable);
      return closable;
    },
  };
}
