import { RafagaError } from "@rafaga/core";
import { exchange } from "./port-probe.ts";

/**
 * Just enough of the Kafka protocol to check a broker and create topics, so that health checks
 * and per-test topics cost milliseconds instead of a JVM start (Kafka's own TopicCommand takes
 * ~1.5 s), and without a native client in infra's import graph. Only non-flexible versions:
 * Metadata v4 and CreateTopics v2 (the lowest Kafka 4.x still accepts) share a simple layout.
 */

const apiMetadata = 3;
const apiCreateTopics = 19;
const clientId = Buffer.from("rafaga-infra");
let nextCorrelationId = 1;

class Writer {
  private readonly parts: Buffer[] = [];
  int8(value: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(value);
    return this.push(b);
  }
  int16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    return this.push(b);
  }
  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return this.push(b);
  }
  string(value: string): this {
    const bytes = Buffer.from(value, "utf8");
    return this.int16(bytes.length).push(bytes);
  }
  push(b: Buffer): this {
    this.parts.push(b);
    return this;
  }
  build(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  int8(): number {
    return this.buffer.readInt8(this.advance(1));
  }
  int16(): number {
    return this.buffer.readInt16BE(this.advance(2));
  }
  int32(): number {
    return this.buffer.readInt32BE(this.advance(4));
  }
  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const start = this.advance(length);
    return this.buffer.toString("utf8", start, start + length);
  }
  string(): string {
    return this.nullableString() ?? "";
  }
  array<T>(item: () => T): T[] {
    const count = this.int32();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(item());
    return items;
  }
  private advance(bytes: number): number {
    const start = this.offset;
    this.offset += bytes;
    if (this.offset > this.buffer.length)
      throw new RafagaError("INFRA", "truncated Kafka response");
    return start;
  }
}

async function call(
  port: number,
  apiKey: number,
  version: number,
  body: Buffer,
  timeoutMs: number,
): Promise<Reader> {
  const correlationId = nextCorrelationId++;
  const message = new Writer()
    .int16(apiKey)
    .int16(version)
    .int32(correlationId)
    .string(clientId.toString())
    .push(body)
    .build();
  const request = new Writer().int32(message.length).push(message).build();
  const reply = await exchange(
    port,
    request,
    (r) => r.length >= 4 && r.length >= 4 + r.readInt32BE(0),
    timeoutMs,
  );
  const reader = new Reader(reply);
  reader.int32(); // size
  if (reader.int32() !== correlationId)
    throw new RafagaError("INFRA", "Kafka reply to another request");
  return reader;
}

export interface PartitionMetadata {
  partition: number;
  leader: number;
  errorCode: number;
  replicas: number[];
  isr: number[];
}

export interface TopicMetadata {
  name: string;
  errorCode: number;
  partitions: PartitionMetadata[];
}

export interface ClusterMetadata {
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  clusterId: string | null;
  controllerId: number;
  topics: TopicMetadata[];
}

/** `topics` undefined asks for every topic. Never auto-creates. */
export async function fetchMetadata(
  port: number,
  topics?: string[],
  timeoutMs = 2000,
): Promise<ClusterMetadata> {
  const body = new Writer();
  if (topics === undefined) body.int32(-1);
  else {
    body.int32(topics.length);
    for (const topic of topics) body.string(topic);
  }
  body.int8(0);
  const r = await call(port, apiMetadata, 4, body.build(), timeoutMs);
  r.int32(); // throttle_time_ms
  const brokers = r.array(() => {
    const nodeId = r.int32();
    const host = r.string();
    const brokerPort = r.int32();
    r.nullableString(); // rack
    return { nodeId, host, port: brokerPort };
  });
  const clusterId = r.nullableString();
  const controllerId = r.int32();
  const topicList = r.array(() => {
    const errorCode = r.int16();
    const name = r.string();
    r.int8(); // is_internal
    const partitions = r.array(() => {
      const partitionError = r.int16();
      const partition = r.int32();
      const leader = r.int32();
      const replicas = r.array(() => r.int32());
      const isr = r.array(() => r.int32());
      return { partition, leader, errorCode: partitionError, replicas, isr };
    });
    return { name, errorCode, partitions };
  });
  return { brokers, clusterId, controllerId, topics: topicList };
}

const topicAlreadyExists = 36;

/**
 * Creates the topic unless it exists (in which case its partition count and replicas are
 * left alone). `replicationFactor` is the cluster's size: every broker holds every partition.
 */
export async function createTopicOnBroker(
  port: number,
  name: string,
  partitions: number,
  replicationFactor = 1,
  timeoutMs = 15000,
): Promise<"created" | "exists"> {
  const body = new Writer()
    .int32(1)
    .string(name)
    .int32(partitions)
    .int16(replicationFactor)
    .int32(0) // no manual assignments
    .int32(0) // no configs
    .int32(timeoutMs)
    .int8(0) // validate_only
    .build();
  const r = await call(port, apiCreateTopics, 2, body, timeoutMs + 2000);
  r.int32(); // throttle_time_ms
  const results = r.array(() => ({
    name: r.string(),
    errorCode: r.int16(),
    message: r.nullableString(),
  }));
  const result = results.find((t) => t.name === name);
  if (result === undefined)
    throw new RafagaError("INFRA", `Kafka did not answer for topic ${name}`);
  if (result.errorCode === 0) return "created";
  if (result.errorCode === topicAlreadyExists) return "exists";
  throw new RafagaError(
    "INFRA",
    `creating Kafka topic ${name} failed with error code ${result.errorCode}${result.message ? `: ${result.message}` : ""}`,
  );
}

/** True once every partition of every listed topic has a leader that accepts requests. */
export async function topicsHaveLeaders(port: number, topics: string[]): Promise<boolean> {
  const metadata = await fetchMetadata(port, topics);
  return topics.every((name) => {
    const topic = metadata.topics.find((t) => t.name === name);
    return (
      topic !== undefined &&
      topic.errorCode === 0 &&
      topic.partitions.length > 0 &&
      topic.partitions.every((p) => p.errorCode === 0 && p.leader >= 0)
    );
  });
}
