/**
 * The limit of the valkey-apply tier: redis-benchmark (C, hiredis) sending the very
 * command WeatherStore.applyBatch sends, EVALSHA of weather-apply.lua with a batch of
 * reports, one connection, no pipelining (as one consumer awaiting each batch). Each
 * report's id is redis-benchmark's __rand_int__ (a fresh value per occurrence), so the
 * script's SET NX succeeds as for new events. The gap to it is the JS client's cost.
 */
import { WEATHER_LUA_SOURCES } from "@rafaga/domains";
import { Valkey } from "iovalkey";
import type { Measurement } from "../harness.ts";
import { runToEnd } from "./http-children.ts";

export async function redisBenchmarkLimit(opts: {
  url: string;
  prefix: string;
  batch: number;
  batches: number;
  cpu: number;
}): Promise<Measurement> {
  const { hostname, port } = new URL(opts.url);
  const client = new Valkey(opts.url);
  const sha = String(await client.script("LOAD", WEATHER_LUA_SOURCES["weather-apply.lua"]));
  client.disconnect();
  const reports = Array.from({ length: opts.batch }, (_, i) =>
    [
      `rb__rand_int__`,
      ["mixco", "guatemala", "amatitlan", "chinautla"][i % 4],
      ["sunny", "cloudy", "rainy", "foggy"][(i >> 2) % 4],
      15 + ((i * 7) % 21),
      30 + ((i * 13) % 61),
      "1700000000000000",
      // No fence: weather goes to both brokers by default, so each report has a marker.
      "",
    ].join("\t"),
  );
  const argv = ["EVALSHA", sha, "0", opts.prefix, "604800", "100", "", ...reports];
  const cmd = ["redis-benchmark", "-h", hostname, "-p", port || "6379", "-c", "1", "-P", "1"];
  const out = await runToEnd(
    [...cmd, "-n", String(opts.batches), "-r", "2000000000", "--csv", ...argv],
    { cpu: opts.cpu },
  );
  // The CSV's first column repeats the whole command; the numbers are the last seven.
  const m = /"([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)","([\d.]+)"\s*$/.exec(
    out,
  );
  if (!m) throw new Error(`redis-benchmark printed no CSV row:\n${out.slice(-500)}`);
  const [rps, , , p50, p95, p99] = m.slice(1).map(Number) as number[];
  return {
    label: `redis-benchmark EVALSHA weather-apply.lua, ${opts.batch} reports per call, 1 connection`,
    perSecond: Math.round((rps ?? 0) * opts.batch),
    params: {
      batch: opts.batch,
      client: "redis-benchmark",
      "p50 ms": p50 ?? 0,
      "p95 ms": p95 ?? 0,
      "p99 ms": p99 ?? 0,
    },
  };
}
