/**
 * Weather events for the valkey-apply tier: the weather domain's fixed cycle, so a run's
 * command mix is the same every time. Only the id is unique.
 */
import { cyclicWeatherReport, type WeatherEvent } from "@rafaga/domains";

export function weatherBatch(tag: string, from: number, size: number): WeatherEvent[] {
  const out: WeatherEvent[] = [];
  const ts = Date.now() * 1000;
  for (let n = from; n < from + size; n++) {
    out.push({ ...cyclicWeatherReport(n), id: `${tag}-${n}`, ingestTsUs: ts + (n % 1000) });
  }
  return out;
}
