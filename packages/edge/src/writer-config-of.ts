import type { BrokerName } from "@rafaga/router";
import type { WriterConfig } from "@rafaga/writers";
import type { EdgeConfig } from "./edge-config.ts";

/** The writer settings of one broker, as a writer tier would have read them. */
export function writerConfigOf(config: EdgeConfig, broker: BrokerName): WriterConfig {
  return {
    ...config,
    BROKER: broker,
    KAFKA_CLIENT: "js",
    // Not used in process: the pure-JS client has no linger, the edge batches per tick.
    KAFKA_LINGER_MS: 0,
    MAX_CONCURRENT_BATCHES: Number.MAX_SAFE_INTEGER,
    METRICS_PORT: 0,
  };
}
