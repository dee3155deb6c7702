/**
 * Latency percentiles from an HDR histogram (hdr-histogram-js), shared by the tier
 * harnesses. Values are recorded in microseconds: sub-millisecond gRPC and Valkey
 * round trips would vanish in a millisecond histogram.
 */
import * as hdr from "hdr-histogram-js";

export type Histogram = hdr.Histogram;
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
}

export const microsHistogram = (): Histogram =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });

const ms = (us: number) => Math.round(us) / 1000;

export function percentilesMs(h: Histogram): Percentiles {
  return {
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
  };
}
