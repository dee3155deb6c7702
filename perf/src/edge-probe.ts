// Ad-hoc: edge alone (no consumers) under the sales workload; CPU per event of edge and Kafka.
import { createTopic, endpoints, ensureUp } from "@rafaga/infra";
import { runCannon } from "./load-autocannon.ts";
import { JSON_TYPE } from "./load-bodies.ts";
import { cpuSecondsMeter, infraPids } from "./load-cpu.ts";
import { saleBodies } from "./tiers/layouts.ts";

await ensureUp();
const id = Math.random().toString(36).slice(2, 8);
const topic = `probe-${id}`;
await createTopic(topic, 6);
const port = 20000 + Math.floor(Math.random() * 10000);
const proc = Bun.spawn(
  [
    "bun",
    ...(process.env.PROBE_PROF ? ["--cpu-prof-md", "--cpu-prof-dir=/tmp/exp"] : []),
    "packages/edge/src/main.ts",
  ],
  {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SALES_DESTINATION: topic,
      ROUTING_SALES: "kafka",
      ROUTING_WEATHER: "kafka",
      LOG_LEVEL: "warn",
    },
    stdout: "inherit",
    stderr: "inherit",
  },
);
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  if (
    await fetch(`${url}/readyz`)
      .then((r) => r.ok)
      .catch(() => false)
  )
    break;
  await Bun.sleep(100);
}
const bodies = saleBodies(5000);
const run = { url: `${url}/purchase`, bodies, contentType: JSON_TYPE, eventsPerRequest: 1 };
await runCannon({ ...run, connections: 10, seconds: 1 }, "warm");
for (const connections of (process.argv[2] ?? "10,64").split(",").map(Number)) {
  const meter = cpuSecondsMeter({ edge: proc.pid, ...infraPids(), load: process.pid });
  const r = await runCannon({ ...run, connections, seconds: 5 }, "x");
  const { cpu } = meter();
  const per = Object.entries(cpu)
    .map(([n, s]) => `${n} ${((s * 1e6) / r.ok).toFixed(0)}`)
    .join(", ");
  const l = r.measurement.latencyMs;
  console.log(
    `${connections} conns: ${Math.round(r.measurement.perSecond)} req/s p50 ${l?.p50} p99 ${l?.p99} failed ${r.failed} | us/event ${per}`,
  );
}
proc.kill("SIGTERM");
await proc.exited;
