import type { InboundMessage } from "./broker.ts";

/** The parts of a @platformatic/kafka fetch request (Fetch v12+, by topic id) read here. */
export interface FetchRequest {
  topics?: readonly {
    topicId: string;
    partitions: readonly { partition: number; fetchOffset: bigint }[];
  }[];
}

type Bytes = Buffer | null | undefined;

interface FetchedBatch {
  firstOffset: bigint;
  attributes: number;
  partitionLeaderEpoch: number;
  records: { offsetDelta: number; key: Bytes; value: Bytes; headers: [Bytes, Bytes][] }[];
}

/** The parts of a fetch response read (and emptied) here. */
export interface FetchResponse {
  responses?: {
    topicId: string;
    partitions?: { partitionIndex: number; records?: FetchedBatch[] | null }[];
  }[];
}

// Kafka's record batch attribute bit of transaction markers, which carry no event.
const IS_CONTROL = 1 << 5;
const EMPTY = new Uint8Array(0);

/**
 * Takes the records out of a fetch response as InboundMessages and leaves the batches
 * empty, so the client's message stream still advances its fetch offsets but builds no
 * message object, diagnostics context and bound commit per record (a third of a
 * consumer's CPU). Filters as the stream does: only partitions this fetch asked for,
 * no control batches, nothing below the offset asked for (a compressed batch can start
 * before it). `epochs` receives each partition's leader epoch for commits.
 */
export function takeFetchedRecords(
  request: FetchRequest,
  response: FetchResponse,
  topic: string,
  epochs: Map<number, number>,
): InboundMessage[] {
  const taken: InboundMessage[] = [];
  for (const topicResponse of response.responses ?? []) {
    const asked = request.topics?.filter((t) => t.topicId === topicResponse.topicId) ?? [];
    for (const { partitionIndex: partition, records: batches } of topicResponse.partitions ?? []) {
      const from = fetchOffsetOf(asked, partition);
      if (from === undefined || !batches) continue;
      const lowest = Number(from);
      for (const batch of batches) {
        if ((batch.attributes & IS_CONTROL) === 0) {
          const first = Number(batch.firstOffset);
          for (const record of batch.records) {
            const offset = first + record.offsetDelta;
            if (offset < lowest) continue;
            taken.push({
              key: record.key && record.key.length > 0 ? record.key.toString() : undefined,
              value: record.value ?? EMPTY,
              headers: headersOf(record.headers),
              source: topic,
              partition,
              position: String(offset),
            });
          }
          epochs.set(partition, batch.partitionLeaderEpoch);
        }
        batch.records = [];
      }
    }
  }
  return taken;
}

function fetchOffsetOf(
  asked: NonNullable<FetchRequest["topics"]>,
  partition: number,
): bigint | undefined {
  for (const t of asked)
    for (const p of t.partitions) if (p.partition === partition) return p.fetchOffset;
  return undefined;
}

function headersOf(headers: [Bytes, Bytes][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of headers) out[key?.toString() ?? ""] = value?.toString() ?? "";
  return out;
}
