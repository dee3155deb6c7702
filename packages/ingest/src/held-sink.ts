import type { Envelope, RafagaError } from "@rafaga/core";
import type { EventSink } from "./event-sink.ts";

/**
 * A sink for ingest's own protocol tests (HTTP, gRPC), where the contract is under test
 * and not the brokers: it records what it took, can hold acks, and can fail. The pipeline
 * tests in packages/e2e run the real tiers and brokers.
 */
export class HeldSink implements EventSink {
  received: Envelope[] = [];
  hold: Promise<void> | undefined;
  failWith: RafagaError | undefined;
  async submitMany(envelopes: Envelope[]): Promise<void> {
    if (this.hold) await this.hold;
    if (this.failWith) throw this.failWith;
    this.received.push(...envelopes);
  }
  isReady = () => true;
  isAccepting?: () => boolean;
}
