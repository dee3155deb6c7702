import { join } from "node:path";
import { deleteKafkaTopics } from "@rafaga/brokers";
import { SALES_LUA_SOURCES } from "@rafaga/domains";
import { createTopic, endpoints } from "@rafaga/infra";
import { cpuSecondsMeter, infraPids, reapedChildrenCpuSeconds, repoRoot } from "@rafaga/runner";
import { Valkey } from "iovalkey";
import { runCannon } from "../load-autocannon.ts";
import { JSON_TYPE } from "../load-bodies.ts";
import { startNullServer } from "../load-null-process.ts";
import { ensureDebianTool } from "./http-tools.ts";

/** CPU microseconds per event of one raw tool, with every process it kept busy. */
export interface RawToolCost {
  tool: string;
  events: number;
  perProcessUs: Record<string, number>;
  us: number;
}

const perEvent = (tool: string, events: number, cpu: Record<string, number>): RawToolCost => {
  const perProcessUs = Object.fromEntries(
    Object.entries(cpu)
      .filter(([, seconds]) => seconds > 0)
      .map(([name, seconds]) => [name, (seconds * 1e6) / Math.max(1, events)]),
  );
  const us = Object.values(perProcessUs).reduce((a, b) => a + b, 0);
  return { tool, events, perProcessUs, us };
};

/** Runs a tool to its end; resolves with the CPU seconds it used (read once it is reaped). */
async function run(cmd: string[], servers: Record<string, number>) {
  const before = reapedChildrenCpuSeconds();
  const meter = cpuSecondsMeter(servers);
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const [out, err] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  const code = await proc.exited;
  if (code !== 0) throw new Error(`${cmd[0]} exited ${code}: ${(err || out).slice(-400)}`);
  return { tool: reapedChildrenCpuSeconds() - before, servers: meter().cpu };
}

const kafkaTool = (mainClass: string, args: string[]) => [
  "java",
  "-Xmx512m",
  "-cp",
  `${join(repoRoot, ".cache", "kafka-4.2.0", "libs")}/*`,
  `org.apache.kafka.tools.${mainClass}`,
  ...args,
];

/**
 * What the same work costs in the raw tools, measured in the same run (issue 8's
 * denominator): a minimal Bun.serve answering the same bodies, Kafka's own producer and
 * consumer perf tools on records of our size (acks=all, idempotent), and redis-benchmark
 * calling the sales apply script with batches of 1000. The load generator is not counted,
 * as it is not for the pipeline. The Java tools' start-up is counted (about 1-2 CPU
 * seconds each), which makes the raw figure a little high, the comparison a little kind.
 */
export async function rawToolsCost(opts: {
  bodies: string[];
  seconds: number;
  records: number;
  progress: (message: string) => void;
}): Promise<RawToolCost[]> {
  const infra = infraPids();
  const out: RawToolCost[] = [];

  opts.progress("raw tools: minimal Bun.serve, same bodies, 64 connections");
  const sink = await startNullServer();
  try {
    const meter = cpuSecondsMeter({ "Bun.serve": sink.pid });
    const r = await runCannon(
      {
        url: `${sink.url}/purchase`,
        bodies: opts.bodies,
        contentType: JSON_TYPE,
        connections: 64,
        seconds: opts.seconds,
        eventsPerRequest: 1,
      },
      "raw: minimal Bun.serve",
    );
    out.push(perEvent("minimal Bun.serve", r.ok, meter().cpu));
  } finally {
    await sink.stop();
  }

  const topic = `raw-cost-${Math.random().toString(36).slice(2, 8)}`;
  await createTopic(topic, 6);
  try {
    out.push(
      ...(await kafkaToolsCost(topic, opts.records, infra["kafka (JVM)"] ?? 0, opts.progress)),
    );
  } finally {
    await deleteKafkaTopics(endpoints.kafkaBrokers, [topic]);
  }

  if (await ensureDebianTool("redis-benchmark", "redis-tools", opts.progress)) {
    opts.progress("raw tools: redis-benchmark EVALSHA sales-apply.lua, batches of 1000");
    out.push(await salesScriptCost(infra.valkey ?? 0, Math.ceil(opts.records / 1000)));
  }
  return out;
}

async function kafkaToolsCost(
  topic: string,
  records: number,
  kafkaPid: number,
  progress: (message: string) => void,
): Promise<RawToolCost[]> {
  const out: RawToolCost[] = [];
  const opts = { records, progress };
  const kafka = { "kafka (JVM)": kafkaPid };
  opts.progress(`raw tools: Kafka ProducerPerformance, ${opts.records} records`);
  const producer = await run(
    kafkaTool("ProducerPerformance", [
      ...["--topic", topic, "--num-records", String(opts.records)],
      ...["--record-size", "100", "--throughput", "-1", "--command-property"],
      `bootstrap.servers=${endpoints.kafkaBrokers}`,
      "acks=all",
      "enable.idempotence=true",
      "linger.ms=2",
    ]),
    kafka,
  );
  out.push(
    perEvent("Kafka ProducerPerformance", opts.records, {
      "ProducerPerformance (JVM)": producer.tool,
      ...producer.servers,
    }),
  );

  opts.progress(`raw tools: Kafka ConsumerPerformance, ${opts.records} records`);
  const consumer = await run(
    kafkaTool("ConsumerPerformance", [
      ...["--bootstrap-server", endpoints.kafkaBrokers, "--topic", topic],
      ...["--messages", String(opts.records), "--group", `${topic}-group`, "--timeout", "60000"],
    ]),
    kafka,
  );
  out.push(
    perEvent("Kafka ConsumerPerformance", opts.records, {
      "ConsumerPerformance (JVM)": consumer.tool,
      ...consumer.servers,
    }),
  );
  return out;
}

async function salesScriptCost(valkeyPid: number, batches: number): Promise<RawToolCost> {
  const { hostname, port } = new URL(endpoints.valkeyUrl);
  const client = new Valkey(endpoints.valkeyUrl);
  const sha = String(await client.script("LOAD", SALES_LUA_SOURCES["sales-apply.lua"]));
  const prefix = `raw-cost-${Math.random().toString(36).slice(2, 8)}:`;
  const categories = ["Belleza", "Belleza", "Belleza", "Electronica", "Ropa", "Hogar"];
  const sales = Array.from(
    { length: 1000 },
    (_, i) =>
      `rb__rand_int__\t${categories[i % 6]}\tProduct-${(i >> 3) % 4}\t${5000 + ((i * 37) % 25_000)}\t${1 + (i % 5)}\t1:${i}`,
  );
  // As the pipeline applies sales from Kafka: by an offset fence, here a fresh log per call.
  const bench = await run(
    [
      "redis-benchmark",
      ...["-h", hostname, "-p", port || "6379", "-c", "1", "-P", "1"],
      ...["-n", String(batches), "-r", "2000000000", "--csv"],
      ...["EVALSHA", sha, "0", prefix, "604800", "1000", "log-__rand_int__", ...sales],
    ],
    { valkey: valkeyPid },
  );
  const cost = perEvent("redis-benchmark, sales-apply.lua", batches * 1000, {
    "redis-benchmark": bench.tool,
    ...bench.servers,
  });
  // The script's keys under the fresh prefix, so repeated runs do not grow Valkey.
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== "0");
  client.disconnect();
  return cost;
}

export function formatRawCost(costs: RawToolCost[]): string {
  return costs
    .map(
      (c) =>
        `${c.tool}: ${c.us.toFixed(1)} us CPU per event over ${c.events} (${Object.entries(
          c.perProcessUs,
        )
          .map(([name, us]) => `${name} ${us.toFixed(1)}`)
          .join(", ")})`,
    )
    .join("\n");
}
