import { parseOptions } from "@rafaga/core";
import {
  type ApplyResult,
  applyBatchScript,
  dedupWindows,
  type LogPosition,
  ValkeyConnection,
} from "@rafaga/store";
import { LUA_SOURCES } from "./lua-sources.ts";
import { parseAggregates, type SalesAggregates } from "./sales-aggregates.ts";
import { CATEGORIES } from "./sales-catalog.ts";
import { combineSales } from "./sales-combine.ts";
import { packSale, type SalesEvent } from "./sales-event.ts";
import { salesKeys } from "./sales-keys.ts";
import { SalesStoreOptions } from "./sales-store-options.ts";

/**
 * The Black Friday side of Valkey, in the reference key layout: one script call per
 * batch (sales-apply.lua), atomic and idempotent by event id.
 */
export class SalesStore {
  readonly options: SalesStoreOptions;
  private readonly connection: ValkeyConnection;
  private readonly keys: ReturnType<typeof salesKeys>;

  constructor(options: Partial<SalesStoreOptions> = {}) {
    this.options = parseOptions("SalesStore", SalesStoreOptions, options);
    this.connection = new ValkeyConnection("sales-store", this.options, {
      "sales-apply.lua": LUA_SOURCES["sales-apply.lua"],
      "sales-apply-fenced.lua": LUA_SOURCES["sales-apply-fenced.lua"],
    });
    this.keys = salesKeys(this.options.keyPrefix);
  }

  /** Optional: applyBatch connects on first use. Rejects STORE_UNAVAILABLE. */
  connect(): Promise<void> {
    return this.connection.connect();
  }

  /**
   * One atomic, idempotent script call (applyBatchScript): sales-apply-fenced.lua with the
   * batch combined when every sale is a fenced Kafka record, else sales-apply.lua.
   */
  applyBatch(
    events: readonly SalesEvent[],
    positions?: readonly (LogPosition | undefined)[],
  ): Promise<ApplyResult> {
    const { keyPrefix, streamMaxLength } = this.options;
    const head = [keyPrefix, dedupWindows(this.options), streamMaxLength];
    return applyBatchScript(this.connection, "sales-apply.lua", head, packSale, events, positions, {
      script: "sales-apply-fenced.lua",
      combine: combineSales,
    });
  }

  /**
   * Everything the dashboards show, from one MULTI (a consistent picture). With
   * `priceTail`, only that many of the newest entries of each price stream.
   */
  async readAggregates(opts: { priceTail?: number } = {}): Promise<SalesAggregates> {
    const k = this.keys;
    const tail = opts.priceTail;
    const replies = await this.connection.snapshot((tx) => {
      for (const c of CATEGORIES) {
        // Order matters: parseAggregates reads CATEGORY_READS replies per category.
        tx.get(k.monitored(c));
        if (tail === undefined) tx.xrange(k.priceStream(c), "-", "+");
        else tx.xrevrange(k.priceStream(c), "+", "-", "COUNT", tail);
        tx.get(k.count(c))
          .get(k.quantitySum(c))
          .get(k.priceSum(c))
          .get(k.priceSumCents(c))
          .get(k.avgQuantity(c))
          .get(k.avgPrice(c))
          .zrevrange(k.rankingByCategory(c), 0, -1, "WITHSCORES");
      }
      tx.get(k.totalSales)
        .zrevrange(k.ranking, 0, -1, "WITHSCORES")
        .get(k.maxPrice)
        .get(k.maxPriceCents)
        .get(k.minPrice)
        .get(k.minPriceCents);
    });
    return parseAggregates(replies, { newestFirst: tail !== undefined });
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
