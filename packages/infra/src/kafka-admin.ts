import { Connection, createTopicsV7, metadataV12, ResponseError } from "@platformatic/kafka";
import { RafagaError } from "@rafaga/core";

// @platformatic/kafka calls Promise.withResolvers (ES2024: Bun, Node 22+). The librdkafka
// conformance test runs on the system's Node 20 and starts and kills brokers through these
// probes, so give that runtime the standard function where it lacks it.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = <T>() => {
    let resolve!: (value?: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((yes, no) => {
      resolve = yes as (value?: T | PromiseLike<T>) => void;
      reject = no;
    });
    return { promise, resolve, reject };
  };
}

/*
 * The few admin calls infra makes (is a broker up, create a topic, are its leaders elected),
 * as single requests on one short-lived connection through @platformatic/kafka's protocol
 * layer: milliseconds each instead of a JVM start (Kafka's TopicCommand takes ~1.5 s). Its
 * Admin client is not used because it hides what the probes read: `metadata` of no topics
 * returns none rather than all, and an unknown topic among known ones fails the whole call.
 */

export interface PartitionMetadata {
  partition: number;
  leader: number;
  errorCode: number;
  replicas: number[];
}

export interface TopicMetadata {
  name: string;
  errorCode: number;
  partitions: PartitionMetadata[];
}

export interface ClusterMetadata {
  brokers: Array<{ nodeId: number; host: string; port: number }>;
  controllerId: number;
  topics: TopicMetadata[];
}

/**
 * Runs one request. A reply carrying Kafka error codes comes back as a reply (the codes are
 * in it); a broker that does not answer throws the client's network or timeout error.
 */
async function request<T>(
  port: number,
  timeoutMs: number,
  send: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = new Connection("rafaga-infra", {
    connectTimeout: timeoutMs,
    requestTimeout: timeoutMs,
  });
  try {
    await connection.connect("127.0.0.1", port);
    return await send(connection);
  } catch (error) {
    if (error instanceof ResponseError) return error.response as T;
    throw error;
  } finally {
    await connection.close().catch(() => {});
  }
}

/** `topics` undefined asks for every topic. Never auto-creates. */
export async function fetchMetadata(
  port: number,
  topics?: string[],
  timeoutMs = 2000,
): Promise<ClusterMetadata> {
  const reply = await request(port, timeoutMs, (connection) =>
    metadataV12.api.async(connection, topics ?? null, false, false),
  );
  return {
    brokers: reply.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })),
    controllerId: reply.controllerId,
    topics: reply.topics.map((t) => ({
      name: t.name ?? "",
      errorCode: t.errorCode,
      partitions: t.partitions.map((p) => ({
        partition: p.partitionIndex,
        leader: p.leaderId,
        errorCode: p.errorCode,
        replicas: p.replicaNodes,
      })),
    })),
  };
}

const topicAlreadyExists = 36;

/**
 * Creates the topic unless it exists (in which case its partition count and replicas are
 * left alone). `replicationFactor` is the cluster's size: every broker holds every partition.
 * An error code from Kafka is a RafagaError INFRA: final, not worth asking another broker.
 */
export async function createTopicOnBroker(
  port: number,
  name: string,
  partitions: number,
  replicationFactor = 1,
  timeoutMs = 15000,
): Promise<"created" | "exists"> {
  const topic = {
    name,
    numPartitions: partitions,
    replicationFactor,
    assignments: [],
    configs: [],
  };
  const reply = await request(port, timeoutMs + 2000, (connection) =>
    createTopicsV7.api.async(connection, [topic], timeoutMs, false),
  );
  const result = reply.topics.find((t) => t.name === name);
  if (result === undefined)
    throw new RafagaError("INFRA", `Kafka did not answer for topic ${name}`);
  if (result.errorCode === 0) return "created";
  if (result.errorCode === topicAlreadyExists) return "exists";
  throw new RafagaError(
    "INFRA",
    `creating Kafka topic ${name} failed with error code ${result.errorCode}${result.errorMessage ? `: ${result.errorMessage}` : ""}`,
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
