import { Type } from "@sinclair/typebox";

const DAY_SECONDS = 86_400;

/** What every store shares: where Valkey is, how long to wait, how long to remember ids. */
export const connectionOptions = {
  url: Type.String({ default: "redis://127.0.0.1:6379" }),
  /**
   * Prepended to every key. "" is the reference layout that dashboards and redis-cli
   * checks expect; tests use a fresh prefix each so they never see each other's data.
   */
  keyPrefix: Type.String({ default: "" }),
  /**
   * How long one copy of an event sent to both brokers waits for its twin by id (a later
   * twin would count again), and how long a Kafka fence or a RabbitMQ writer's window
   * outlives its last use. The 7 days cover a consumer group stuck over a long weekend;
   * a marker lives that long only while its twin is on its way (pairedMarkerTtlSeconds
   * after), 95-111 bytes of used_memory each (measured, see README).
   */
  dedupTtlSeconds: Type.Integer({ minimum: 1, default: 7 * DAY_SECONDS }),
  /**
   * How long an Idempotency-Key (an id "key:...") is remembered: a client that retries
   * within it counts once. 24 hours, as public idempotency-key APIs promise; shorter than
   * dedupTtlSeconds because a client retries within seconds to hours, and every keyed
   * event costs a marker for this long.
   */
  clientKeyTtlSeconds: Type.Integer({ minimum: 1, default: DAY_SECONDS }),
  /**
   * How long the id marker of an event sent to both brokers stays once both copies were
   * applied. Each copy's redeliveries are caught by its own Kafka offset or RabbitMQ
   * sequence, so the marker is needed only until the second copy comes; kept a minute
   * more for whoever looks (an audit, redis-cli). Markers then hold Valkey memory for the
   * lag between the two brokers' consumers plus this, not for dedupTtlSeconds.
   */
  pairedMarkerTtlSeconds: Type.Integer({ minimum: 1, default: 60 }),
  connectTimeoutMs: Type.Integer({ minimum: 1, default: 5000 }),
  /**
   * Upper bound for one applyBatch round trip. Past it the batch is reported as failed
   * and the consumer retries it; the script is idempotent, so a batch that did land
   * meanwhile is not counted twice.
   */
  commandTimeoutMs: Type.Integer({ minimum: 1, default: 5000 }),
};

/**
 * The scripts' ARGV[2]: "<dedupTtlSeconds>:<clientKeyTtlSeconds>:<pairedMarkerTtlSeconds>"
 * (see offset-fence.lua).
 */
export const dedupWindows = (o: {
  dedupTtlSeconds: number;
  clientKeyTtlSeconds: number;
  pairedMarkerTtlSeconds: number;
}) => `${o.dedupTtlSeconds}:${o.clientKeyTtlSeconds}:${o.pairedMarkerTtlSeconds}`;
