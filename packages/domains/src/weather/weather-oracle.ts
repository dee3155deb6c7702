import { MUNICIPALITIES, WEATHERS } from "./weather-catalog.ts";
import type { WeatherCounts } from "./weather-dashboard.ts";

/** The full municipality x weather matrix (zeros included, as readCounts returns it) from a flat tally. */
export function countMatrix(tally: Map<string, number>): WeatherCounts {
  const out: Record<string, Record<string, number>> = {};
  for (const m of MUNICIPALITIES) {
    out[m] = {};
    for (const w of WEATHERS) out[m][w] = tally.get(`${m}:${w}`) ?? 0;
  }
  return out as WeatherCounts;
}
