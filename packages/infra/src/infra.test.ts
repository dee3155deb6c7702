import { beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ports } from "./config.ts";
import {
  createTopic,
  defaultTopics,
  endpoints,
  ensureUp,
  isHealthy,
  killService,
  startService,
  status,
} from "./index.ts";
import { fetchMetadata } from "./kafka-admin.ts";
import { exchange } from "./port-probe.ts";

/*
 * Against the real servers: these tests start them if needed and leave them running, healthy,
 * for the suites that follow. The kill/start cycles crash a server on purpose, so do not run
 * this file while another suite is using the same servers.
 */

const main = join(import.meta.dir, "main.ts");

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [main, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/**
 * One inline command over RESP; enough to prove data survives a crash. On CI's busy disk,
 * after the whole suite's writes, a write can wait for the kernel's writeback (a 2 s and
 * once a 10 s probe timed out under appendfsync everysec). The test is about recovery, not
 * latency, so it waits 30 s.
 */
async function valkey(command: string): Promise<string> {
  const reply = await exchange(
    ports.valkey,
    Buffer.from(`${command}\r\n`),
    (r) => r.includes("\r\n") && (r[0] !== 36 || r.toString().split("\r\n").length >= 3),
    30_000,
  );
  return reply.toString();
}

beforeAll(async () => {
  await ensureUp();
}, 300_000);

describe("up", () => {
  test("is idempotent and fast when everything is healthy", async () => {
    const before = await status();
    const started = performance.now();
    await ensureUp();
    expect(performance.now() - started).toBeLessThan(1000);
    const after = await status();
    expect(after.map((s) => s.healthy)).toEqual([true, true, true]);
    // Same processes: the second call started nothing.
    expect(after.map((s) => s.pid)).toEqual(before.map((s) => s.pid));
    for (const s of after) expect(s.pid).toBeNumber();
  });

  test("the CLI agrees: up is a no-op and status exits 0", () => {
    const up = cli(["up"]);
    expect(up.code).toBe(0);
    expect(up.out).not.toContain("starting");
    expect(up.out).toContain("kafka: up on 127.0.0.1:");
    const st = cli(["status"]);
    expect(st.code).toBe(0);
    expect(st.out.match(/ up /g)?.length).toBe(3);
  });

  test("creates the pipeline topics with their partition counts", async () => {
    const metadata = await fetchMetadata(
      ports.kafka,
      defaultTopics.map((t) => t.name),
    );
    for (const topic of defaultTopics) {
      const found = metadata.topics.find((t) => t.name === topic.name);
      expect(found?.errorCode).toBe(0);
      expect(found?.partitions.length).toBe(topic.partitions);
    }
  });

  test("endpoints follow the configured ports", () => {
    expect(endpoints.kafkaBrokers).toBe(`127.0.0.1:${ports.kafka}`);
    expect(endpoints.amqpUrl).toBe(`amqp://guest:guest@127.0.0.1:${ports.rabbitmq}`);
    expect(endpoints.valkeyUrl).toBe(`redis://127.0.0.1:${ports.valkey}`);
  });
});

describe("createTopic", () => {
  test("creates a fresh topic once and is idempotent", async () => {
    const name = `infra-test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await createTopic(name, 3);
    await createTopic(name, 3);
    const metadata = await fetchMetadata(ports.kafka, [name]);
    expect(metadata.topics[0]?.partitions.length).toBe(3);
    expect(metadata.topics[0]?.partitions.every((p) => p.leader >= 0)).toBe(true);
  });

  test("rejects a bad partition count", async () => {
    await expect(createTopic("infra-test-bad", 0)).rejects.toThrow("partitions");
  });
});

describe("crash and restart", () => {
  test("valkey: killed, reported down, restarted with its data", async () => {
    const key = `infra-test-${Date.now()}`;
    expect(await valkey(`SET ${key} survived`)).toBe("+OK\r\n");
    await killService("valkey");
    expect(await isHealthy("valkey")).toBe(false);
    const [row] = await status(["valkey"]);
    expect(row?.healthy).toBe(false);
    expect(row?.pid).toBeUndefined();
    const st = cli(["status", "valkey"]);
    expect(st.code).toBe(1);
    expect(st.out).toContain("down");

    await startService("valkey");
    expect(await isHealthy("valkey")).toBe(true);
    // appendonly: the write reached the AOF before the reply, so SIGKILL does not lose it.
    expect(await valkey(`GET ${key}`)).toContain("survived");
    await valkey(`DEL ${key}`);
  }, 120_000);

  test("rabbitmq: the beam process is killed and the node comes back", async () => {
    await killService("rabbitmq");
    expect(await isHealthy("rabbitmq")).toBe(false);
    await startService("rabbitmq");
    expect(await isHealthy("rabbitmq")).toBe(true);
  }, 120_000);

  test("kafka: the broker is killed and serves topic leaders again", async () => {
    await killService("kafka");
    expect(await isHealthy("kafka")).toBe(false);
    await startService("kafka");
    expect(await isHealthy("kafka")).toBe(true);
    const metadata = await fetchMetadata(ports.kafka, ["weather-tweets"]);
    expect(metadata.topics[0]?.partitions.every((p) => p.leader >= 0)).toBe(true);
  }, 120_000);
});

describe("configuration", () => {
  test("a bad port variable fails fast, naming the variable", () => {
    const result = cli(["status"], { VALKEY_PORT: "63790000" });
    expect(result.code).toBe(1);
    expect(result.out).toContain("VALKEY_PORT");
  });

  test("an unknown service is a usage error", () => {
    expect(cli(["up", "postgres"]).code).toBe(2);
  });
});
