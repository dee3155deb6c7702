import type { Envelope } from "@rafaga/core";

/** Where ingest hands accepted events: the router's gRPC client in production. */
export interface EventSink {
  /** Resolves only when every broker the events are routed to has durably accepted them. */
  submitMany(envelopes: Envelope[]): Promise<void>;
  /** Every event can reach its durable ack (the whole path is up). */
  isReady(): boolean;
  /** Some event can (one broker of two down); without it, the same as isReady. */
  isAccepting?(): boolean;
}
