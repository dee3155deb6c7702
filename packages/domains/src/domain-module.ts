import type { Domain, Envelope, RafagaError, RoutingMode } from "@rafaga/core";
import type { ApplyResult, LogPosition } from "@rafaga/store";
import type { DomainDashboard } from "./dashboard-panel.ts";

/**
 * Everything that differs between event domains (weather reports, sales, ...). The tiers
 * are generic: they iterate over the registry's modules and name none of them.
 */
export interface DomainModule {
  /** Its number on the wire (Envelope.domain, the broker header): never reuse one. */
  id: Domain;
  /**
   * Lower-case letters, digits and `_`. It names the domain's environment variables
   * (`ROUTING_<NAME>`, `<NAME>_DESTINATION`, `<NAME>_GROUP`) and its metric labels.
   */
  name: string;
  /** Plural noun phrase for docs and logs ("weather reports"). */
  description: string;
  http: DomainHttp;
  /** The reference system's gRPC service for one event, served beside HTTP by ingest. */
  grpc?: DomainGrpc;
  defaults: DomainDefaults;
  /** The consumer side: decodes the events and applies them to Valkey. */
  openStore(options: { url: string; keyPrefix: string }): DomainStore;
  /** Its panels for the dashboard service, read from Valkey. */
  openDashboard?(options: { url: string; keyPrefix: string }): DomainDashboard;
  /** The domain's load: seeded, so two runs send the same bodies. */
  workload?(seed?: number): (index: number) => WorkloadItem;
}

/** One request body of a workload. */
export interface WorkloadItem {
  body: Record<string, unknown>;
  /** What the item counts toward when accepted, e.g. "guatemala:sunny". */
  tallyKey: string;
}

/** The HTTP edge: the only place where events are validated. */
export interface DomainHttp {
  /** POST path: one JSON object, or a batch as a JSON array or NDJSON. */
  path: string;
  /** Validates and encodes one item; throws RafagaError VALIDATION naming the field. */
  encode(input: unknown): Uint8Array;
  /** The 2xx body existing clients expect. */
  accepted(id: string): Record<string, unknown>;
  rejected(error: RafagaError): Record<string, unknown>;
}

/**
 * A unary gRPC method that takes one event, as the reference's API or bridge calls it.
 * Its request's field names are the HTTP body's, so the decoded request goes through
 * `http.encode`: one validation for both protocols.
 */
export interface DomainGrpc {
  /** The reference's `package.Service` (the method path is `/<service>/<method>`). */
  service: string;
  method: string;
  /** Message types in rafaga's proto root (proto/), which the reference's match field by field. */
  requestType: string;
  responseType: string;
  /** The response existing clients expect once the event is durably in the brokers. */
  accepted(id: string): Record<string, unknown>;
}

export interface DomainDefaults {
  /** Kafka topic and RabbitMQ queue (its dead letters go to `<destination>.dlq`). */
  destination: string;
  /** Kafka consumer group. */
  group: string;
  routing: RoutingMode;
  /** Partitions of the Kafka topic that `npm run infra` creates. */
  partitions: number;
}

/** How a consumer turns one domain's broker messages into Valkey writes. */
export interface DomainApplier {
  domain: Domain;
  name: string;
  /**
   * The payload was validated at the edge; this only decodes it. Throws RafagaError
   * DECODE / VALIDATION for a message that can never be applied (it is dead-lettered).
   */
  decode(envelope: Envelope): unknown;
  /** positions[i]: where events[i] sits in a Kafka partition, when only by offset is it deduplicated. */
  apply(events: unknown[], positions?: readonly (LogPosition | undefined)[]): Promise<ApplyResult>;
}

export interface DomainStore extends DomainApplier {
  /** Rejects STORE_UNAVAILABLE when Valkey cannot be reached in time. */
  connect(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}
