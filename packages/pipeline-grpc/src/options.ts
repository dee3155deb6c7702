import { type Static, Type } from "@sinclair/typebox";

// Handlers (functions) are passed beside these options, never through core's parseOptions:
// it clones its input, and functions cannot be cloned.
export const PipelineServerOptions = Type.Object(
  {
    host: Type.String({ default: "0.0.0.0" }),
    /** 0 picks a free port; the bound one is returned. */
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 0 }),
    /** Batches handled at once over all streams; past it the sender gets OVERLOADED. */
    maxConcurrentBatches: Type.Integer({ minimum: 1, default: 64 }),
    /** How long close() lets in-flight batches finish before it cuts the streams. */
    closeTimeoutMs: Type.Integer({ minimum: 0, default: 10_000 }),
    /**
     * Connections get a GOAWAY after this long (0 = never), so that clients re-resolve
     * DNS and their next streams can reach replicas added since. Open streams are not cut.
     */
    maxConnectionAgeMs: Type.Integer({ minimum: 0, default: 300_000 }),
    maxMessageBytes: Type.Integer({ minimum: 1024, default: 16 * 1024 * 1024 }),
  },
  { additionalProperties: false },
);
export type PipelineServerOptions = Static<typeof PipelineServerOptions>;

export const PipelineClientOptions = Type.Object(
  {
    /** "host:port" each, or "dns:///name:port" to spread over all its A records. */
    targets: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** Streams per target; with a DNS name, make it at least the number of replicas. */
    streamsPerTarget: Type.Integer({ minimum: 1, default: 2 }),
    /**
     * Separate HTTP/2 connections per target. More than 1 spreads even behind a
     * ClusterIP (one virtual IP), where kube-proxy balances per connection.
     */
    channelsPerTarget: Type.Integer({ minimum: 1, default: 1 }),
    maxBatch: Type.Integer({ minimum: 1, default: 500 }),
    /** Longest wait for a batch to fill once the eager window is used up. */
    lingerMs: Type.Integer({ minimum: 0, default: 2 }),
    /**
     * Batches in flight below which queued events leave at once (after the current tick)
     * instead of lingering: an idle pipeline adds no linger, a busy one batches while it
     * waits for acks. 0 turns it off (always linger). 1, as the edge and the writers: on the
     * tiers layout it served 1.01-1.33 times the requests of 4 at 10 connections and
     * 1.04-1.41 times at 64, at 0.66-0.94 of the CPU per event (README, Performance).
     */
    eagerBatches: Type.Integer({ minimum: 0, default: 1 }),
    /** Events queued or awaiting an ack; past it submit fails fast with OVERLOADED. */
    maxInFlightEvents: Type.Integer({ minimum: 1, default: 100_000 }),
    ackTimeoutMs: Type.Integer({ minimum: 1, default: 15_000 }),
    /**
     * How long a batch that finds no connected stream waits for one before its events are
     * refused as not written (0: refused at once). Nothing of it was sent, so holding it
     * costs no duplicate: a restarting next tier then costs latency instead of errors. A
     * server that is connected but accepts nothing (its broker down) is not waited for.
     */
    holdUnroutableMs: Type.Integer({ minimum: 0, default: 0 }),
    closeTimeoutMs: Type.Integer({ minimum: 0, default: 10_000 }),
    /**
     * A stream is replaced (without losing batches) after this long (0 = never), so
     * load reaches replicas that appeared after it was opened.
     */
    streamMaxAgeMs: Type.Integer({ minimum: 0, default: 120_000 }),
    /** How often "dns:///name:port" targets are resolved again to find new replicas. */
    resolveIntervalMs: Type.Integer({ minimum: 100, default: 10_000 }),
    reconnectInitialMs: Type.Integer({ minimum: 1, default: 100 }),
    /**
     * At most this long after a restarted tier is up, a stream is open to it again. With 5 s
     * a killed writer's traffic came back only after 4.1 s; with 1 s a router stopped with
     * SIGTERM (up again 0.5 s later) was sent batches again after 1.1 s, past ingest's 1 s
     * hold, and 10 requests got "no"; with 250 ms after 0.54-0.71 s, none (npm run chaos).
     */
    reconnectMaxMs: Type.Integer({ minimum: 1, default: 250 }),
    keepaliveMs: Type.Integer({ minimum: 1000, default: 10_000 }),
    maxMessageBytes: Type.Integer({ minimum: 1024, default: 16 * 1024 * 1024 }),
  },
  { additionalProperties: false },
);
export type PipelineClientOptions = Static<typeof PipelineClientOptions>;
export type PipelineClientInput = Partial<PipelineClientOptions> & { targets: string[] };
