/**
 * The contract between `npm run perf` and each tier's harness. A harness measures one
 * tier against what is really downstream of it (or a null sink, said so in `downstream`),
 * and the raw limit of the same work measured in the same run (a minimal Bun.serve, Kafka's
 * own producer-perf tool, a raw amqplib confirm loop, valkey-benchmark...), so that every
 * figure is also a ratio: absolute numbers on a shared 2-core machine are noise, ratios
 * taken side by side in one run are not.
 */
import type { Measurement } from "@rafaga/loadgen";

export type { Measurement };

/** The row with the highest rate; throws on no rows (a harness that measured nothing). */
export const fastest = (rows: Measurement[]): Measurement =>
  rows.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

export interface TierResult {
  /** Stable id used by the CI comparison, e.g. "ingest-http", "kafka-writer". */
  tier: string;
  title: string;
  /** What the tier wrote to or read from during the measurement. */
  downstream: string;
  measurements: Measurement[];
  /** The raw tool limit measured in the same run, when there is one. */
  limit?: Measurement;
  /**
   * Ratios the CI gate compares with the baseline: name -> value, each ours over a reference
   * we do not write, measured in this run (a raw tool's limit, the raw tools' CPU per
   * event), so that higher is better and only a regression of ours makes one drop.
   */
  ratios: Record<string, number>;
  /**
   * Two of our own paths side by side (batch against one event, one layout against the
   * other): reported, never gated, since they drop as readily when one side improves as
   * when the other regresses.
   */
  comparisons?: Record<string, number>;
  notes?: string[];
}

export interface HarnessOptions {
  /** Short runs for CI (the whole `perf:ci` must stay under 5 minutes). */
  quick: boolean;
  /** One line of progress for a person watching. */
  progress: (message: string) => void;
}

export interface Harness {
  tier: string;
  run(options: HarnessOptions): Promise<TierResult>;
}
