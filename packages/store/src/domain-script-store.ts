import { parseOptions } from "@rafaga/core";
import { type Static, Type } from "@sinclair/typebox";
import type { ApplyResult } from "./apply-result.ts";
import { applyBatchScript } from "./batch-script.ts";
import { withSharedIncludes } from "./lua-includes.ts";
import type { LogPosition } from "./offset-fence.ts";
import { connectionOptions, dedupWindows } from "./store-options.ts";
import { ValkeyConnection } from "./valkey-connection.ts";

export const DomainScriptStoreOptions = Type.Object(connectionOptions, {
  additionalProperties: false,
});
export type DomainScriptStoreOptions = Static<typeof DomainScriptStoreOptions>;

/** A domain module's own apply script (see DomainScriptStore). */
export interface DomainScript<E> {
  /** File name, e.g. "tally-apply.lua": it names the Valkey command too. */
  name: string;
  /** The source; `-- @include "offset-fence.lua"` lines get the store's shared includes. */
  lua: string;
  /** The event's fields for the script, tab-separated, without its id and fence. */
  pack(event: E): string;
}

/**
 * Applies a domain's events with its own script, the way the built-in stores do: one
 * atomic call per batch, each event at most once by its id marker or its Kafka offset
 * fence (the shared offset-fence.lua). The script's ARGV: key prefix, dedup TTL, the
 * batch's logs, then one string per event: `id \t <pack(event)> \t fence`.
 */
export class DomainScriptStore<E extends { id: string }> {
  readonly options: DomainScriptStoreOptions;
  private readonly connection: ValkeyConnection;
  private readonly script: DomainScript<E>;

  constructor(script: DomainScript<E>, options: Partial<DomainScriptStoreOptions> = {}) {
    this.options = parseOptions("DomainScriptStore", DomainScriptStoreOptions, options);
    this.script = script;
    const lua = withSharedIncludes(script.name, script.lua);
    this.connection = new ValkeyConnection(script.name, this.options, { [script.name]: lua });
  }

  connect(): Promise<void> {
    return this.connection.connect();
  }

  /** See applyBatchScript: rejects VALIDATION for a bad position, STORE_UNAVAILABLE. */
  applyBatch(
    events: readonly E[],
    positions?: readonly (LogPosition | undefined)[],
  ): Promise<ApplyResult> {
    const head = [this.options.keyPrefix, dedupWindows(this.options)];
    return applyBatchScript(
      this.connection,
      this.script.name,
      head,
      this.script.pack,
      events,
      positions,
    );
  }

  /** Reads keys under the prefix (for tests and dashboards of the domain). */
  async get(keys: readonly string[]): Promise<(string | null)[]> {
    const prefix = this.options.keyPrefix;
    return this.connection.call(() => this.connection.client.mget(keys.map((k) => prefix + k)));
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
