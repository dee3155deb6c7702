import { describe, expect, test } from "bun:test";
import * as kafka from "@platformatic/kafka";
import { createRecord, createRecordsBatch, Reader, readRecordsBatch } from "@platformatic/kafka";

/**
 * patches/@platformatic+kafka+*.patch replaces the per-record encoding of the producer with
 * one Buffer per batch. Its bytes must be the package's own: compared here with the records
 * that the package's createRecord writes, one by one.
 */
type Message = Parameters<typeof createRecord>[0];

const bytes = (text: string) => Buffer.from(text);
const RECORDS_OFFSET = 61; // the RecordBatch header, up to and including the record count

function messagesOf(count: number, shape: (i: number) => Partial<Message>): Message[] {
  const start = BigInt(Date.now());
  return Array.from({ length: count }, (_, i) => ({
    topic: "t",
    partition: 0,
    value: bytes(`value ${i}`),
    timestamp: start,
    ...shape(i),
  }));
}

function recordsSection(messages: Message[]): Buffer {
  const batch = createRecordsBatch(messages, { producerId: 7n, producerEpoch: 0 });
  return batch.buffer.subarray(RECORDS_OFFSET);
}

const asBuffer = (v: unknown) =>
  v == null ? undefined : typeof v === "string" ? Buffer.from(v) : Buffer.from(v as Uint8Array);

/** The package's own encoding, which takes Buffers only. */
function oneByOne(messages: Message[]): Buffer {
  const first = messages[0]?.timestamp as bigint;
  return Buffer.concat(
    messages.map((m, i) => {
      const headers = m.headers as Map<unknown, unknown> | undefined;
      const buffers = {
        ...m,
        key: asBuffer(m.key),
        value: asBuffer(m.value),
        headers: headers && new Map(Array.from(headers, ([k, v]) => [asBuffer(k), asBuffer(v)])),
      } as Message;
      return createRecord(buffers, i, first).buffer;
    }),
  );
}

describe("Kafka records encoded in one buffer (patched @platformatic/kafka)", () => {
  test("the patch is installed", () => {
    expect(typeof (kafka as Record<string, unknown>).encodeRecordsInOneBuffer).toBe("function");
  });

  const cases: [string, Message[]][] = [
    [
      "one header per record, no key (the edge's records)",
      messagesOf(1000, (i) => ({ headers: new Map([[bytes("rafaga"), bytes(`id${i} weather`)]]) })),
    ],
    [
      "keys, empty values, no headers, several headers, null header values",
      messagesOf(300, (i) => ({
        key: i % 3 === 0 ? bytes(`key-${i}`) : undefined,
        value: i % 5 === 0 ? Buffer.alloc(0) : bytes("x".repeat(i)),
        headers:
          i % 2 === 0
            ? undefined
            : new Map<Buffer, Buffer>([
                [bytes("a"), bytes("1")],
                [bytes("b"), undefined as unknown as Buffer],
              ]),
      })),
    ],
    [
      "values past one and two varint bytes, timestamps before and after the first",
      messagesOf(40, (i) => ({
        value: Buffer.alloc(i * 1000, i),
        timestamp: BigInt(Date.now()) + BigInt((i % 7) - 3) * 1000n,
      })),
    ],
    [
      "header values as strings (UTF-8, as the edge passes them), values as plain Uint8Arrays",
      messagesOf(200, (i) => ({
        value: new Uint8Array(new ArrayBuffer(64), 8, i % 40) as Buffer,
        headers: new Map([
          [bytes("rafaga"), `id${i} weather ${"ñ€😀".repeat(i % 4)}` as unknown as Buffer],
        ]),
      })),
    ],
    [
      "a timestamp delta too large for the fast path (encoded as before, strings included)",
      messagesOf(3, (i) => ({
        timestamp: 1_000n + BigInt(i) * 10n ** 12n,
        headers: new Map([[bytes("rafaga"), `id${i} ñ` as unknown as Buffer]]),
      })),
    ],
  ];

  for (const [name, messages] of cases) {
    test(name, () => {
      const expected = oneByOne(messages);
      const records = recordsSection(messages);
      expect(records.equals(expected)).toBe(true);
      const decoded = readRecordsBatch(
        Reader.from(createRecordsBatch(messages, { producerId: 7n, producerEpoch: 0 }).buffer),
      );
      expect(decoded.records.length).toBe(messages.length);
      for (const [i, record] of decoded.records.entries()) {
        expect(Buffer.from(record.value ?? []).equals(Buffer.from(messages[i]?.value ?? []))).toBe(
          true,
        );
      }
    });
  }
});
