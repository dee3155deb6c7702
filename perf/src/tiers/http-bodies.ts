/**
 * Request bodies of the ingest-http tier: the SPEC §1 example report, and NDJSON batches
 * made deterministically (no randomness, so every run sends the same bytes).
 */
import { MUNICIPALITIES, WEATHERS } from "@rafaga/domains";

export const singleReport = JSON.stringify({
  municipality: "guatemala",
  temperature: 25,
  humidity: 60,
  weather: "sunny",
});

export function ndjsonBatch(size: number): string {
  const lines: string[] = [];
  for (let i = 0; i < size; i++) {
    lines.push(
      JSON.stringify({
        municipality: MUNICIPALITIES[i % 4],
        temperature: 15 + ((i * 7) % 21),
        humidity: 30 + ((i * 13) % 61),
        weather: WEATHERS[(i >> 2) % 4],
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}
