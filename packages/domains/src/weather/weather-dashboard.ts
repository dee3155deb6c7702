import { MUNICIPALITIES, type Municipality, WEATHERS, type Weather } from "./weather-catalog.ts";
import type { WeatherEvent } from "./weather-event.ts";

export type WeatherCounts = Record<Municipality, Record<Weather, number>>;

export interface MunicipalityStats {
  count: number;
  temperatureSum: number;
  humiditySum: number;
  /** As stored: the sum over the count with 2 decimals, rounded half away from zero. */
  temperatureAvg: number;
  humidityAvg: number;
}

export interface WeatherDashboard {
  totals: { total: number; byMunicipality: Record<Municipality, number> };
  stats: Record<Municipality, MunicipalityStats>;
  /** Newest first. */
  latest: WeatherEvent[];
}

const int = (v: string | null | undefined): number => (v ? Number(v) : 0);

/** `values` in MUNICIPALITIES x WEATHERS order, as MGET returns them. */
export function parseCounts(values: readonly (string | null)[]): WeatherCounts {
  let i = 0;
  const byMunicipality = (): Record<Weather, number> =>
    Object.fromEntries(WEATHERS.map((w) => [w, int(values[i++])])) as Record<Weather, number>;
  return Object.fromEntries(MUNICIPALITIES.map((m) => [m, byMunicipality()])) as WeatherCounts;
}

export function parseStats(hash: Record<string, string>): MunicipalityStats {
  return {
    count: int(hash.count),
    temperatureSum: int(hash.temperature_sum),
    humiditySum: int(hash.humidity_sum),
    temperatureAvg: int(hash.temperature_avg),
    humidityAvg: int(hash.humidity_avg),
  };
}

export function parseTotals(hash: Record<string, string>): WeatherDashboard["totals"] {
  return {
    total: int(hash.total),
    byMunicipality: Object.fromEntries(MUNICIPALITIES.map((m) => [m, int(hash[m])])) as Record<
      Municipality,
      number
    >,
  };
}

export const parseLatest = (items: readonly string[]): WeatherEvent[] =>
  items.map((item) => JSON.parse(item) as WeatherEvent);
