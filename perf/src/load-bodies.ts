import { weatherWorkload } from "@rafaga/domains";

/** SPEC §1 weather reports as JSON strings, seeded so every run sends the same bodies. */
export function singleBodies(count: number, seed = 42): string[] {
  const next = weatherWorkload(seed);
  return Array.from({ length: count }, (_, i) => JSON.stringify(next(i).body));
}

/** NDJSON batch bodies of `size` reports each (the batch endpoint's fastest form). */
export function batchBodies(count: number, size: number, seed = 43): string[] {
  const next = weatherWorkload(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: size }, (_, i) => JSON.stringify(next(i).body)).join("\n"),
  );
}

export const NDJSON = "application/x-ndjson";
export const JSON_TYPE = "application/json";
