export type { ApplyResult } from "./apply-result.ts";
export {
  type DomainScript,
  DomainScriptStore,
  DomainScriptStoreOptions,
} from "./domain-script-store.ts";
export { dropPrefix } from "./key-prefix.ts";
export { LUA_INCLUDES, LUA_SOURCES, type LuaFileName } from "./lua-sources.ts";
export type { LogPosition } from "./offset-fence.ts";
export type {
  CategoryAggregates,
  PricePoint,
  RankedProduct,
  SalesAggregates,
} from "./sales-aggregates.ts";
export type { SalesEvent } from "./sales-event.ts";
export { salesKeys } from "./sales-keys.ts";
export { SalesStore } from "./sales-store.ts";
export { SalesStoreOptions, WeatherStoreOptions } from "./store-options.ts";
export type {
  MunicipalityStats,
  WeatherCounts,
  WeatherDashboard,
} from "./weather-dashboard.ts";
export type { WeatherEvent } from "./weather-event.ts";
export { weatherKeys } from "./weather-keys.ts";
export { WeatherStore } from "./weather-store.ts";
