import { join } from "node:path";
import { endpoints } from "@rafaga/infra";
import { repoRoot } from "@rafaga/runner";
import type { Measurement } from "../harness.ts";

export interface LimitOptions {
  topic: string;
  recordBytes: number;
  lingerMs: number;
  records: number;
  /** Spawned processes are registered here so the harness can kill them on failure. */
  track: (proc: { pid: number; kill(signal?: number): void; exited: Promise<number> }) => void;
}

// "1600000 steady state records sent, 175246.44 records/sec (19.72 MB/sec), 994.19 ms avg
// latency, 1830.00 ms max latency, 957 ms 50th, 1646 ms 95th, 1785 ms 99th, 1822 ms 99.9th."
const STEADY =
  /steady state records sent, ([\d.]+) records\/sec .*?, ([\d.]+) ms 50th, ([\d.]+) ms 95th, ([\d.]+) ms 99th, ([\d.]+) ms 99\.9th/;

/**
 * Kafka's own producer-perf tool with the same record size, acks and linger. Its records
 * are unkeyed (sticky partitioner: one partition's batch fills at a time), ours are keyed
 * by event id over every partition, so this limit is a slightly generous one. A fifth of
 * the records are warmup (JIT, metadata), reported apart by the tool and left out here.
 */
export async function producerPerfLimit(o: LimitOptions): Promise<Measurement> {
  const libs = join(repoRoot, ".cache", "kafka-4.2.0", "libs");
  const proc = Bun.spawn(
    [
      "java",
      "-Xmx512m",
      "-cp",
      `${libs}/*`,
      "org.apache.kafka.tools.ProducerPerformance",
      ...["--topic", o.topic, "--num-records", String(o.records)],
      ...["--warmup-records", String(Math.floor(o.records / 5))],
      ...["--record-size", String(o.recordBytes), "--throughput", "-1"],
      "--command-property",
      `bootstrap.servers=${endpoints.kafkaBrokers}`,
      "acks=all",
      "enable.idempotence=true",
      `linger.ms=${o.lingerMs}`,
      "compression.type=none",
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  o.track(proc);
  const [out, err] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  const code = await proc.exited;
  const m = STEADY.exec(out);
  if (code !== 0 || !m) {
    throw new Error(`ProducerPerformance failed (exit ${code}): ${(err || out).slice(-500)}`);
  }
  const [rate = 0, p50 = 0, p95 = 0, p99 = 0, p999 = 0] = m.slice(1).map(Number);
  return {
    label: `Kafka ProducerPerformance (Java), acks=all, linger ${o.lingerMs} ms, ${o.recordBytes}-byte records`,
    perSecond: rate,
    // The tool reports p95, not p90; p95 stands in for p90 (an upper bound of it).
    latencyMs: { p50, p90: p95, p99, p999 },
    params: { client: "java (limit)", lingerMs: o.lingerMs, recordBytes: o.recordBytes },
  };
}
