import type { Municipality, Weather } from "./weather-catalog.ts";

/**
 * The weather key names, for the reads. weather-apply.lua builds the same names for the
 * writes; the tests read through these, so a mismatch fails them.
 */
export const weatherKeys = (prefix: string) => ({
  count: (m: Municipality, w: Weather) => `${prefix}weather:${m}:${w}`,
  stats: (m: Municipality) => `${prefix}weather_stats:${m}`,
  totals: `${prefix}weather_totals`,
  latest: `${prefix}weather_latest`,
  seen: (id: string) => `${prefix}weather_seen:${id}`,
});
