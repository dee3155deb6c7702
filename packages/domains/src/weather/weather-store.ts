import { parseOptions } from "@rafaga/core";
import {
  type ApplyResult,
  applyBatchScript,
  dedupWindows,
  type LogPosition,
  ValkeyConnection,
} from "@rafaga/store";
import { LUA_SOURCES } from "./lua-sources.ts";
import { MUNICIPALITIES, WEATHERS } from "./weather-catalog.ts";
import { combineWeatherReports } from "./weather-combine.ts";
import {
  parseCounts,
  parseLatest,
  parseStats,
  parseTotals,
  type WeatherCounts,
  type WeatherDashboard,
} from "./weather-dashboard.ts";
import { packWeatherReport, type WeatherEvent } from "./weather-event.ts";
import { weatherKeys } from "./weather-keys.ts";
import { WeatherStoreOptions } from "./weather-store-options.ts";

/**
 * The weather side of Valkey: one script call per batch (weather-apply.lua), atomic and
 * idempotent by event id, and the reads the dashboards and tests need.
 */
export class WeatherStore {
  readonly options: WeatherStoreOptions;
  private readonly connection: ValkeyConnection;
  private readonly keys: ReturnType<typeof weatherKeys>;

  constructor(options: Partial<WeatherStoreOptions> = {}) {
    this.options = parseOptions("WeatherStore", WeatherStoreOptions, options);
    this.connection = new ValkeyConnection("weather-store", this.options, {
      "weather-apply.lua": LUA_SOURCES["weather-apply.lua"],
      "weather-apply-fenced.lua": LUA_SOURCES["weather-apply-fenced.lua"],
    });
    this.keys = weatherKeys(this.options.keyPrefix);
  }

  /** Optional: applyBatch connects on first use. Rejects STORE_UNAVAILABLE. */
  connect(): Promise<void> {
    return this.connection.connect();
  }

  /**
   * One atomic, idempotent script call (applyBatchScript): weather-apply-fenced.lua with
   * the batch combined when every report is a fenced Kafka record, else weather-apply.lua.
   */
  applyBatch(
    events: readonly WeatherEvent[],
    positions?: readonly (LogPosition | undefined)[],
  ): Promise<ApplyResult> {
    const { keyPrefix, latestLength } = this.options;
    const head = [keyPrefix, dedupWindows(this.options), latestLength];
    return applyBatchScript(
      this.connection,
      "weather-apply.lua",
      head,
      packWeatherReport,
      events,
      positions,
      {
        script: "weather-apply-fenced.lua",
        combine: (reports) => combineWeatherReports(reports, latestLength),
      },
    );
  }

  async readCounts(): Promise<WeatherCounts> {
    const keys = MUNICIPALITIES.flatMap((m) => WEATHERS.map((w) => this.keys.count(m, w)));
    return parseCounts(await this.connection.call(() => this.connection.client.mget(keys)));
  }

  async readDashboard(): Promise<WeatherDashboard> {
    const [totals, latest, ...stats] = await this.connection.snapshot((tx) => {
      tx.hgetall(this.keys.totals).lrange(this.keys.latest, 0, -1);
      for (const m of MUNICIPALITIES) tx.hgetall(this.keys.stats(m));
    });
    return {
      totals: parseTotals(totals as Record<string, string>),
      stats: Object.fromEntries(
        MUNICIPALITIES.map((m, i) => [m, parseStats(stats[i] as Record<string, string>)]),
      ) as WeatherDashboard["stats"],
      latest: parseLatest(latest as string[]),
    };
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
