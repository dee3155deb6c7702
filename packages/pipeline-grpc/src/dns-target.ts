import { lookup } from "node:dns/promises";
import { createLogger } from "@rafaga/core";
import { EndpointGroup } from "./endpoint-group.ts";
import type { PipelineClientOptions } from "./options.ts";
import type { SlotEvents } from "./stream-slot.ts";

export type Lookup = (host: string) => Promise<string[]>;

export const systemLookup: Lookup = async (host) =>
  (await lookup(host, { all: true })).map((a) => a.address);

const log = createLogger("pipeline-client");

/**
 * A "dns:///name:port" target resolved by rafaga rather than by grpc-js: every address
 * (pod of a headless Service) gets its own streamsPerTarget streams. grpc-js'
 * round_robin places a stream on whichever address happens to be connected when the
 * stream opens, so at startup every stream could land on the first pod to answer.
 * Re-resolving periodically brings new replicas in and retires vanished ones gracefully.
 */
export class DnsTarget {
  readonly groups = new Map<string, EndpointGroup>();
  readonly #retired: EndpointGroup[] = [];
  readonly #timer: ReturnType<typeof setInterval>;
  #stopped = false;

  constructor(
    readonly host: string,
    readonly port: string,
    private readonly options: PipelineClientOptions,
    private readonly events: SlotEvents & { changed(): void },
    private readonly resolve: Lookup,
  ) {
    this.#timer = setInterval(() => void this.refresh(), options.resolveIntervalMs);
    this.#timer.unref();
  }

  async refresh(): Promise<void> {
    let addresses: string[];
    try {
      addresses = [...new Set(await this.resolve(this.host))];
    } catch (error) {
      // Keep the streams we have: a DNS hiccup must not disconnect healthy replicas.
      log.warn({ err: error, host: this.host }, "pipeline target did not resolve");
      return;
    }
    if (this.#stopped || addresses.length === 0) return;
    const wanted = new Set(
      addresses.map((a) => (a.includes(":") ? `[${a}]:${this.port}` : `${a}:${this.port}`)),
    );
    let changed = false;
    for (const [target, group] of this.groups) {
      if (wanted.has(target)) continue;
      group.stop();
      // Its streams are drained or timed out by then; channels of gone pods must not pile up.
      const linger = setTimeout(
        () => group.closeChannels(),
        this.options.closeTimeoutMs + this.options.ackTimeoutMs,
      );
      linger.unref();
      this.#retired.push(group);
      this.groups.delete(target);
      changed = true;
    }
    for (const target of wanted) {
      if (this.groups.has(target)) continue;
      this.groups.set(target, new EndpointGroup(target, this.options, this.events));
      changed = true;
    }
    if (changed) this.events.changed();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    for (const group of this.groups.values()) group.stop();
  }

  closeChannels(): void {
    for (const group of [...this.groups.values(), ...this.#retired]) group.closeChannels();
  }
}
