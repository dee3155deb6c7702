/** Counters for dashboards and tests; read with PipelineClient.stats(). */
export interface PipelineClientStats {
  batchesSent: number;
  eventsSent: number;
  batchesOk: number;
  batchesFailed: number;
  /** Batches that found no connected stream and were refused without being sent. */
  batchesUnroutable: number;
  /** Batches that found no connected stream and waited for one (holdUnroutableMs). */
  batchesHeld: number;
  /** Batches a server ended its stream without taking, sent again (or held, or refused). */
  batchesUntaken: number;
  timeouts: number;
  /** submit() calls refused locally because maxInFlightEvents was reached. */
  overloadRejects: number;
  streamsOpened: number;
  streamsClosed: number;
}

export const emptyStats = (): PipelineClientStats => ({
  batchesSent: 0,
  eventsSent: 0,
  batchesOk: 0,
  batchesFailed: 0,
  batchesUnroutable: 0,
  batchesHeld: 0,
  batchesUntaken: 0,
  timeouts: 0,
  overloadRejects: 0,
  streamsOpened: 0,
  streamsClosed: 0,
});
