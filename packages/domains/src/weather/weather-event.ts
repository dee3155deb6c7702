import type { WeatherTweet } from "./weather-tweet.ts";

/** A validated report as the consumers carry it: the pipeline's id makes it idempotent. */
export interface WeatherEvent extends WeatherTweet {
  id: string;
  /** Microseconds since the epoch when ingest accepted it. */
  ingestTsUs: number;
}

/**
 * A report's fields for weather-apply.lua, tab-separated (see its header for why packed).
 * Nothing is checked here: reports come from `decodeWeatherTweet` and ids from the
 * envelope decode, which refuse what the script could not take, one record at a time (the
 * consumer dead-letters it); the script still refuses a malformed batch whole, before any
 * write.
 */
export const packWeatherReport = (e: WeatherEvent): string =>
  `${e.municipality}\t${e.weather}\t${e.temperature}\t${e.humidity}\t${e.ingestTsUs}`;
