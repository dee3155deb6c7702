import { RafagaError } from "@rafaga/core";
import { isId } from "@rafaga/store";
import { MUNICIPALITIES, WEATHERS } from "./weather-catalog.ts";
import type { WeatherTweet } from "./weather-tweet.ts";

/** A validated report as the consumers carry it: the pipeline's id makes it idempotent. */
export interface WeatherEvent extends WeatherTweet {
  id: string;
  /** Microseconds since the epoch when ingest accepted it. */
  ingestTsUs: number;
}

const municipalities = new Set<string>(MUNICIPALITIES);
const weathers = new Set<string>(WEATHERS);

// Far beyond any real reading, small enough that Lua's double sums stay exact integers.
const MAX_READING = 1_000_000;

/**
 * The script's ARGV for a batch: one tab-separated string per report, ending in its fence
 * field (offset-fence.ts; see the header of weather-apply.lua for why packed). The script rejects malformed input as well,
 * but only as a generic error after a round trip; here a bad event fails the batch with
 * VALIDATION naming the event and field, which the consumer can log and dead-letter.
 */
export function weatherArgs(events: readonly WeatherEvent[], fences: readonly string[]): string[] {
  return events.map((e, i) => {
    checkWeatherEvent(e);
    return `${e.id}\t${e.municipality}\t${e.weather}\t${e.temperature}\t${e.humidity}\t${e.ingestTsUs}\t${fences[i]}`;
  });
}

function checkWeatherEvent(e: WeatherEvent): void {
  const bad = (field: string) =>
    new RafagaError("VALIDATION", `weather event ${String(e?.id)}: bad ${field}`, { field });
  if (!isId(e.id)) throw bad("id");
  if (!municipalities.has(e.municipality)) throw bad("municipality");
  if (!weathers.has(e.weather)) throw bad("weather");
  if (!isReading(e.temperature)) throw bad("temperature");
  if (!isReading(e.humidity)) throw bad("humidity");
  if (!Number.isSafeInteger(e.ingestTsUs)) throw bad("ingestTsUs");
}

const isReading = (n: number): boolean => Number.isInteger(n) && Math.abs(n) <= MAX_READING;
