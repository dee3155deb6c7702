import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { WorkloadItem } from "../domain-module.ts";
import { MUNICIPALITIES, type Municipality, WEATHERS, type Weather } from "./weather-catalog.ts";
import type { WeatherTweet } from "./weather-tweet.ts";

/**
 * The reference weather workload (SPEC §1): municipality and weather uniform,
 * temperature 15..35, humidity 30..90. One in five reports uses the enum numbers, as
 * many existing clients do. Seeded, so two runs send the same reports.
 */
export function weatherWorkload(seed = 42): (index: number) => WorkloadItem {
  const rng = xoroshiro128plus(seed);
  return () => {
    const m = uniformInt(rng, 0, MUNICIPALITIES.length - 1);
    const w = uniformInt(rng, 0, WEATHERS.length - 1);
    const numeric = uniformInt(rng, 0, 4) === 0;
    const municipality = MUNICIPALITIES[m] as string;
    const weather = WEATHERS[w] as string;
    return {
      body: {
        municipality: numeric ? m + 1 : municipality,
        temperature: uniformInt(rng, 15, 35),
        humidity: uniformInt(rng, 30, 90),
        weather: numeric ? w + 1 : weather,
      },
      tallyKey: `${municipality}:${weather}`,
    };
  };
}

/**
 * Report n of a fixed cycle through the same mix (every municipality and weather,
 * temperature 15..35, humidity 30..90), with no state and no randomness: benchmarks send
 * the same bytes on every run, so their baselines stay comparable.
 */
export function cyclicWeatherReport(n: number): WeatherTweet {
  return {
    municipality: MUNICIPALITIES[n % MUNICIPALITIES.length] as Municipality,
    temperature: 15 + ((n * 7) % 21),
    humidity: 30 + ((n * 13) % 61),
    weather: WEATHERS[(n >> 2) % WEATHERS.length] as Weather,
  };
}
