import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { WorkloadItem } from "../domain-module.ts";
import { MUNICIPALITIES, WEATHERS } from "./weather-catalog.ts";

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
