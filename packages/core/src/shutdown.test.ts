import { describe, expect, test } from "bun:test";
import pino from "pino";
import { createShutdown } from "./shutdown.ts";

function recorder() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    logger: {
      info: (obj: object, msg: string) => lines.push({ level: "info", obj: obj as never, msg }),
      error: (obj: object, msg: string) => lines.push({ level: "error", obj: obj as never, msg }),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("createShutdown", () => {
  test("runs closers in reverse order of registration", async () => {
    const order: string[] = [];
    const s = createShutdown({ timeoutMs: 1000, ...recorder() });
    s.add("http", () => order.push("http"));
    s.add("kafka", async () => {
      await sleep(5);
      order.push("kafka");
    });
    s.add("valkey", () => order.push("valkey"));
    expect(await s.run("SIGTERM")).toEqual({ reason: "SIGTERM", failed: [] });
    expect(order).toEqual(["valkey", "kafka", "http"]);
  });

  test("is idempotent: the second call returns the same promise and closes nothing twice", async () => {
    let closes = 0;
    const s = createShutdown({ timeoutMs: 1000, ...recorder() });
    s.add("x", () => closes++);
    const first = s.run("SIGTERM");
    const second = s.run("SIGINT");
    expect(second).toBe(first);
    expect((await second).reason).toBe("SIGTERM");
    await s.run("again");
    expect(closes).toBe(1);
  });

  test("bounds each closer by the timeout and goes on with the rest", async () => {
    const log = recorder();
    const s = createShutdown({ timeoutMs: 30, logger: log.logger });
    let after = false;
    s.add("after", () => {
      after = true;
    });
    s.add("hangs", () => new Promise(() => {}));
    const started = performance.now();
    const result = await s.run("test");
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.failed).toEqual(["hangs"]);
    expect(after).toBe(true);
    expect(log.lines.some((l) => l.level === "error" && l.obj.closer === "hangs")).toBe(true);
  });

  test("logs closer errors (sync and async) instead of throwing", async () => {
    const log = recorder();
    const s = createShutdown({ timeoutMs: 100, logger: log.logger });
    s.add("sync", () => {
      throw new Error("boom");
    });
    s.add("async", async () => {
      throw new Error("bang");
    });
    expect((await s.run("test")).failed).toEqual(["async", "sync"]);
    expect(log.lines.filter((l) => l.level === "error")).toHaveLength(2);
  });

  test("aborts its signal when shutdown starts", async () => {
    const s = createShutdown({ timeoutMs: 100, ...recorder() });
    expect(s.signal.aborted).toBe(false);
    const done = s.run("SIGTERM");
    expect(s.signal.aborted).toBe(true);
    await done;
  });

  test("a closer added during shutdown is still closed", async () => {
    const s = createShutdown({ timeoutMs: 100, ...recorder() });
    let late = false;
    s.add("first", async () => {
      await sleep(1);
      s.add("late", () => {
        late = true;
      });
    });
    await s.run("test");
    expect(late).toBe(true);
  });

  test("a closer added after shutdown finished is closed at once", async () => {
    const s = createShutdown({ timeoutMs: 100, ...recorder() });
    await s.run("test");
    let closed = false;
    s.add("late", () => {
      closed = true;
    });
    await sleep(1);
    expect(closed).toBe(true);
  });

  test("takes a pino logger", async () => {
    const s = createShutdown({ timeoutMs: 100, logger: pino({ level: "silent" }) });
    expect((await s.run("test")).failed).toEqual([]);
  });
});
