import { SALES_LUA_SOURCES } from "@rafaga/domains";

export interface RedpandaConnectSetup {
  httpPort: number;
  /** Its own HTTP server (metrics, ready): RC's default 4195 could be taken. */
  adminPort: number;
  kafkaBrokers: string;
  topic: string;
  partitions: number;
  valkeyUrl: string;
  keyPrefix: string;
  group: string;
}

const CATEGORY_NAMES = `["Electronica", "Ropa", "Hogar", "Belleza"]`;

/**
 * The generic tool doing our job as a user would wire it, in two processes like two
 * tiers: HTTP in -> Kafka (idempotent producer, acks=all, 202 only after the ack), and
 * Kafka -> one Valkey script call per batch. The script is ours (sales-apply.lua, with
 * the offset fence per partition), so Valkey does the same work and the result is as
 * exact; the body in Kafka stays the client's JSON, since a generic tool has no reason to
 * re-encode it. JSON is YAML, and it quotes the Lua script and mappings without surprises.
 */
export function ingressConfig(s: RedpandaConnectSetup): string {
  return JSON.stringify({
    http: { enabled: true, address: `127.0.0.1:${s.adminPort}` },
    input: {
      http_server: {
        address: `127.0.0.1:${s.httpPort}`,
        path: "/purchase",
        allowed_verbs: ["POST"],
        sync_response: { status: "202" },
      },
    },
    output: {
      kafka_franz: {
        seed_brokers: s.kafkaBrokers.split(","),
        topic: s.topic,
        idempotent_write: true,
        // The default of 10 would cap the HTTP requests waiting for an ack at 10.
        max_in_flight: 256,
      },
    },
    metrics: { prometheus: {} },
    logger: { level: "WARN" },
  });
}

export function applyConfig(s: RedpandaConnectSetup): string {
  const logs = Array.from({ length: s.partitions }, (_, p) => `${s.topic}/${p}`).join("\t");
  const args = [
    `let categories = ${CATEGORY_NAMES}`,
    `root = [${JSON.stringify(s.keyPrefix)}, "604800", "1000", ${JSON.stringify(logs)}].merge(`,
    `  this.map_each(s -> "%v-%v\t%v\t%v\t%v\t%v\t%v:%v".format(s.p, s.o,`,
    `    $categories.index(s.categoria - 1), s.producto_id, (s.precio * 100).round(),`,
    `    s.cantidad_vendida, s.p + 1, s.o)))`,
  ].join("\n");
  return JSON.stringify({
    http: { enabled: true, address: `127.0.0.1:${s.adminPort}` },
    input: {
      kafka_franz: {
        seed_brokers: s.kafkaBrokers.split(","),
        topics: [s.topic],
        consumer_group: s.group,
        start_offset: "earliest",
        fetch_max_wait: "10ms",
        batching: { count: 1000, period: "5ms" },
      },
    },
    pipeline: {
      // One batch at a time: with two threads (the default, one per core) a later batch of
      // a partition could be applied before an earlier one, and the offset fence would
      // then skip the earlier one's sales as seen (measured: 195 of 115,882 lost).
      threads: 1,
      processors: [
        // The partition and offset name the sale (its id) and fence it.
        {
          mapping:
            'root = this\nroot.p = meta("kafka_partition").number()\nroot.o = meta("kafka_offset").number()',
        },
        { archive: { format: "json_array" } },
        {
          redis_script: {
            url: s.valkeyUrl,
            script: SALES_LUA_SOURCES["sales-apply.lua"],
            args_mapping: args,
            keys_mapping: "root = []",
            retries: 100,
            retry_period: "200ms",
          },
        },
      ],
    },
    // A batch whose script failed is not acknowledged, so Kafka redelivers it.
    output: { reject_errored: { drop: {} } },
    logger: { level: "WARN" },
  });
}
