import { packWeatherReport, type WeatherEvent } from "./weather-event.ts";

/**
 * weather-apply-fenced.lua's arguments after the ranges: the batch's report count, its
 * counts per municipality and weather, its sums per municipality, and its last
 * `latestLength` reports (oldest first) for the latest list, so that the script's work
 * does not grow with the batch.
 */
export function combineWeatherReports(
  events: readonly WeatherEvent[],
  latestLength: number,
): string[] {
  const counts = new Map<string, number>();
  const sums = new Map<string, [number, number, number]>();
  for (const e of events) {
    const mw = `${e.municipality}:${e.weather}`;
    counts.set(mw, (counts.get(mw) ?? 0) + 1);
    const s = sums.get(e.municipality);
    if (s === undefined) {
      sums.set(e.municipality, [1, e.temperature, e.humidity]);
    } else {
      s[0] += 1;
      s[1] += e.temperature;
      s[2] += e.humidity;
    }
  }
  const latest = events
    .slice(Math.max(0, events.length - latestLength))
    .map((e) => `${e.id}\t${packWeatherReport(e)}`);
  return [
    String(events.length),
    [...counts].map(([mw, n]) => `${mw}\t${n}`).join("\t"),
    [...sums].map(([m, [n, t, h]]) => `${m}\t${n}\t${t}\t${h}`).join("\t"),
    ...latest,
  ];
}
