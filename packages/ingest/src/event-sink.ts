import type { Envelope } from "@rafaga/core";

/** Where ingest hands accepted events: the router's gRPC client in production. */
export interface EventSink {
  /** Resolves only when every broker the events are routed to has durably accepted them. */
  submitMany(envelopes: Envelope[]): Promise<void>;
  isReady(): boolean;
}
