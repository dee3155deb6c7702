/**
 * Microseconds since the Unix epoch. performance.now() adds the sub-millisecond part
 * Date lacks; ingest stamps events with it and consumers subtract it for end-to-end latency.
 */
export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
