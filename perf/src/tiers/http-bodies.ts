/**
 * Request bodies of the ingest-http tier: the SPEC §1 example report, and NDJSON batches
 * of the weather domain's fixed cycle (every run sends the same bytes).
 */
import { cyclicWeatherReport } from "@rafaga/domains";

export const singleReport = JSON.stringify({
  municipality: "guatemala",
  temperature: 25,
  humidity: 60,
  weather: "sunny",
});

export function ndjsonBatch(size: number): string {
  const lines: string[] = [];
  for (let i = 0; i < size; i++) lines.push(JSON.stringify(cyclicWeatherReport(i)));
  return `${lines.join("\n")}\n`;
}
