import type { Client } from "@grpc/grpc-js";
import { openChannel } from "./channels.ts";
import type { PipelineClientOptions } from "./options.ts";
import { type SlotEvents, StreamSlot } from "./stream-slot.ts";

/** The channels and stream slots of one grpc-js target (one address, or a name grpc-js resolves). */
export class EndpointGroup {
  readonly slots: StreamSlot[] = [];
  readonly #channels: Client[];

  constructor(
    readonly target: string,
    options: PipelineClientOptions,
    events: SlotEvents,
  ) {
    this.#channels = Array.from({ length: options.channelsPerTarget }, () =>
      openChannel(target, options),
    );
    for (let i = 0; i < options.streamsPerTarget; i++) {
      const channel = this.#channels[i % this.#channels.length] as Client;
      this.slots.push(new StreamSlot(channel, target, options, events));
    }
  }

  /** Streams half-close once their batches are acked. */
  stop(): void {
    for (const slot of this.slots) slot.stop();
  }

  closeChannels(): void {
    for (const channel of this.#channels) channel.close();
  }
}
