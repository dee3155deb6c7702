import { Server, ServerCredentials, type ServerDuplexStream } from "@grpc/grpc-js";
import { type BatchAck, createLogger, type EnvelopeBatch, parseOptions } from "@rafaga/core";
import { healthHandlers, healthService } from "./health.ts";
import { PipelineServerOptions } from "./options.ts";
import { type BatchHandler, ServedStream, type ServerState } from "./server-stream.ts";
import { pipelineService } from "./service-definition.ts";

export type PipelineServerInput = Partial<PipelineServerOptions> & {
  handler: BatchHandler;
  /**
   * Whether every batch taken now can reach its durable ack: the health check of the whole
   * path (service ""), which clients count as ready.
   */
  ready?: () => boolean;
  /**
   * Whether some batch taken now can (default: `ready`): streams send their headers only
   * then, and clients send batches only while it holds (health of the Pipeline service).
   */
  accepting?: () => boolean;
};

export interface PipelineServer {
  readonly port: number;
  /** False once close() started (also what the gRPC health check answers). */
  isServing(): boolean;
  /** Batches being handled right now. */
  inFlight(): number;
  close(): Promise<void>;
}

export async function startPipelineServer(input: PipelineServerInput): Promise<PipelineServer> {
  const { handler, ready = () => true, accepting = ready, ...rest } = input;
  const options = parseOptions("pipeline server", PipelineServerOptions, rest);
  const state: ServerState = {
    handler,
    maxConcurrentBatches: options.maxConcurrentBatches,
    log: createLogger("pipeline-server"),
    accepting,
    streams: new Set(),
    inFlight: 0,
    closing: false,
  };
  const server = new Server({
    "grpc.max_receive_message_length": options.maxMessageBytes,
    "grpc.max_send_message_length": options.maxMessageBytes,
    // Clients ping every ~10 s on idle streams; the default policy would answer too_many_pings.
    "grpc.http2.min_ping_interval_without_data_ms": 5_000,
    ...(options.maxConnectionAgeMs > 0
      ? { "grpc.max_connection_age_ms": options.maxConnectionAgeMs }
      : {}),
  });
  server.addService(pipelineService, {
    publish: (call: ServerDuplexStream<EnvelopeBatch, BatchAck>) => new ServedStream(call, state),
  });
  server.addService(
    healthService,
    healthHandlers({
      wholePath: () => !state.closing && ready(),
      accepting: () => !state.closing && accepting(),
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `${options.host}:${options.port}`,
      ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    );
  });

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= shutdown(server, state, options.closeTimeoutMs);
    return closed;
  };
  return { port, isServing: () => !state.closing, inFlight: () => state.inFlight, close };
}

/** Refuses new streams, ends each open one once its acks are out, and cuts the rest at the timeout. */
function shutdown(server: Server, state: ServerState, timeoutMs: number): Promise<void> {
  state.closing = true;
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      state.log.warn(
        { streams: state.streams.size, inFlight: state.inFlight },
        "close timed out, cutting streams",
      );
      server.forceShutdown();
      resolve();
    }, timeoutMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
    for (const stream of [...state.streams]) stream.maybeEnd();
  });
}
