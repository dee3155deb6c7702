import type { WeatherCounts } from "@rafaga/domains";
import { MUNICIPALITIES, WEATHERS } from "@rafaga/domains";

/** The Valkey counts as a municipality x weather table, the way the reference's dashboard groups them. */
export function formatWeatherTable(counts: WeatherCounts, title: string): string {
  const width = 11;
  const header = `${"".padEnd(12)}${WEATHERS.map((w) => w.padStart(width)).join("")}${"total".padStart(width)}`;
  const rows = MUNICIPALITIES.map((m) => {
    const row = WEATHERS.map((w) => counts[m][w]);
    const total = row.reduce((a, b) => a + b, 0);
    return `${m.padEnd(12)}${row.map((n) => String(n).padStart(width)).join("")}${String(total).padStart(width)}`;
  });
  return [title, header, ...rows].join("\n");
}

export function subtractCounts(after: WeatherCounts, before: WeatherCounts): WeatherCounts {
  const out = structuredClone(after);
  for (const m of MUNICIPALITIES) for (const w of WEATHERS) out[m][w] -= before[m][w];
  return out;
}
