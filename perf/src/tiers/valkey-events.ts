/**
 * Weather events for the valkey-apply tier, made deterministically (SPEC §1 workload:
 * municipality and weather uniform, temperature 15..35, humidity 30..90). Only the id
 * is unique; the rest cycles, so a run's command mix is the same every time.
 */

import type { WeatherEvent } from "@rafaga/domains";
import { MUNICIPALITIES, WEATHERS } from "@rafaga/domains";

export function weatherBatch(tag: string, from: number, size: number): WeatherEvent[] {
  const out: WeatherEvent[] = [];
  const ts = Date.now() * 1000;
  for (let n = from; n < from + size; n++) {
    out.push({
      id: `${tag}-${n}`,
      municipality: MUNICIPALITIES[n % 4] as WeatherEvent["municipality"],
      weather: WEATHERS[(n >> 2) % 4] as WeatherEvent["weather"],
      temperature: 15 + ((n * 7) % 21),
      humidity: 30 + ((n * 13) % 61),
      ingestTsUs: ts + (n % 1000),
    });
  }
  return out;
}
