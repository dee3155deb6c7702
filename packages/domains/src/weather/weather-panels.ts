import { fixed2 } from "@rafaga/core";
import { countText, type DomainDashboard, type Panel } from "../dashboard-panel.ts";
import { MUNICIPALITIES, WEATHERS } from "./weather-catalog.ts";
import type { WeatherCounts, WeatherDashboard } from "./weather-dashboard.ts";
import { WeatherStore } from "./weather-store.ts";

const LATEST_SHOWN = 10;

/** The SPEC §1 panels: the required one (reports per condition, per municipality) first. */
export function weatherPanels(counts: WeatherCounts, board: WeatherDashboard): Panel[] {
  const { totals, stats, latest } = board;
  return [
    {
      id: "weather-by-condition",
      title: "Weather reports per condition",
      kind: "bars",
      groupLabel: "Municipality",
      groups: MUNICIPALITIES.map((m) => ({
        name: m,
        bars: WEATHERS.map((w) => ({
          label: w,
          value: counts[m][w],
          text: countText(counts[m][w]),
        })),
      })),
    },
    {
      id: "weather-by-municipality",
      title: `Weather reports per municipality (${countText(totals.total)} in all)`,
      kind: "bars",
      groups: [
        {
          name: "all",
          bars: MUNICIPALITIES.map((m) => ({
            label: m,
            value: totals.byMunicipality[m],
            text: countText(totals.byMunicipality[m]),
          })),
        },
      ],
    },
    {
      id: "weather-averages",
      title: "Average temperature and humidity",
      kind: "table",
      columns: ["Municipality", "Reports", "Temperature (°C)", "Humidity (%)"],
      rows: MUNICIPALITIES.map((m) => {
        const s = stats[m];
        return [
          m,
          countText(s.count),
          fixed2(s.temperatureSum, s.count),
          fixed2(s.humiditySum, s.count),
        ];
      }),
    },
    {
      id: "weather-latest",
      title: "Latest weather reports",
      kind: "table",
      columns: ["Accepted at", "Municipality", "Weather", "Temperature (°C)", "Humidity (%)"],
      rows: latest
        .slice(0, LATEST_SHOWN)
        .map((r) => [
          new Date(r.ingestTsUs / 1000).toISOString().slice(11, 23),
          r.municipality,
          r.weather,
          String(r.temperature),
          String(r.humidity),
        ]),
    },
  ];
}

export function weatherDashboard(options: { url: string; keyPrefix: string }): DomainDashboard {
  const store = new WeatherStore(options);
  return {
    read: async () => {
      const [counts, board] = await Promise.all([store.readCounts(), store.readDashboard()]);
      return weatherPanels(counts, board);
    },
    close: () => store.close(),
  };
}
