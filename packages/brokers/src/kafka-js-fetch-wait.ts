/** The part of a @platformatic/kafka Consumer whose fetches are adapted. */
export interface FetchingConsumer {
  // biome-ignore lint/suspicious/noExplicitAny: the client's own signature, passed through.
  fetch(options: any, callback: (error: unknown, response: any) => void): unknown;
}

export interface FetchWait {
  minBytes: number;
  maxWaitTime: number;
}

/**
 * Long-polls a quiet log instead of polling it every few milliseconds. While records flow,
 * each fetch waits for `busy.minBytes` or `busy.maxWaitTime` (batches under load); after a
 * fetch that brought nothing, the next one waits for any byte, up to `idle.maxWaitTime`,
 * so the first record still comes back at once. Polling every 5 ms kept an idle consumer
 * process at 0.10 of a core and Kafka at 0.17.
 */
export function adaptFetchWait(consumer: FetchingConsumer, busy: FetchWait, idle: FetchWait): void {
  const fetch = consumer.fetch.bind(consumer);
  let quiet = false;
  consumer.fetch = (options, callback) =>
    fetch({ ...options, ...(quiet ? idle : busy) }, (error, response) => {
      if (!error) quiet = !carriesRecords(response);
      callback(error, response);
    });
}

interface FetchResponse {
  responses?: { partitions?: { records?: unknown[] | null }[] }[];
}

function carriesRecords(response: FetchResponse | undefined): boolean {
  for (const topic of response?.responses ?? [])
    for (const partition of topic.partitions ?? [])
      if (partition.records && partition.records.length > 0) return true;
  return false;
}
