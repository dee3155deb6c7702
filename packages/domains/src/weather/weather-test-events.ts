import { MUNICIPALITIES, type Municipality, WEATHERS, type Weather } from "./weather-catalog.ts";
import type { WeatherEvent } from "./weather-event.ts";

let serial = 0;

export function randomWeatherEvent(random: () => number): WeatherEvent {
  serial++;
  return {
    id: `w${Date.now().toString(36)}-${serial}-${Math.floor(random() * 1e9)}`,
    municipality: MUNICIPALITIES[Math.floor(random() * 4)] as Municipality,
    weather: WEATHERS[Math.floor(random() * 4)] as Weather,
    // Negative temperatures too: the averages round half away from zero.
    temperature: Math.floor(random() * 51) - 10,
    humidity: Math.floor(random() * 101),
    ingestTsUs: Date.now() * 1000 + serial,
  };
}

/** Independent tally of what the store must hold: each id counted once, in order. */
export function weatherOracle(events: readonly WeatherEvent[]) {
  const seen = new Set<string>();
  const applied: WeatherEvent[] = [];
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    applied.push(e);
  }
  const counts = Object.fromEntries(
    MUNICIPALITIES.map((m) => [m, Object.fromEntries(WEATHERS.map((w) => [w, 0]))]),
  ) as Record<Municipality, Record<Weather, number>>;
  const stats = Object.fromEntries(
    MUNICIPALITIES.map((m) => [m, { count: 0, temperatureSum: 0, humiditySum: 0 }]),
  ) as Record<Municipality, { count: number; temperatureSum: number; humiditySum: number }>;
  for (const e of applied) {
    counts[e.municipality][e.weather]++;
    const s = stats[e.municipality];
    s.count++;
    s.temperatureSum += e.temperature;
    s.humiditySum += e.humidity;
  }
  return { applied, counts, stats };
}
