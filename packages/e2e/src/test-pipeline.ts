import { randomUUID } from "node:crypto";
import { WeatherStore } from "@rafaga/domains";
import { createTopic, endpoints, ensureUp, type KafkaServer } from "@rafaga/infra";
import {
  defaultLayout,
  freePort,
  freePorts,
  type LayoutKind,
  type PipelineLayout,
  type PipelineRunOptions,
  type RoutingMode,
  type RunningPipeline,
  startPipeline,
} from "@rafaga/runner";
import { dropTestResources } from "./test-resources.ts";

export interface TestPipeline {
  layout: PipelineLayout;
  pipeline: RunningPipeline;
  /** Reads the test's own keys (fresh prefix). */
  weather: WeatherStore;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Tier output, kept for the failure message rather than printed. */
  output: string[];
  stop(): Promise<void>;
}

/**
 * The whole pipeline, every tier its own process, against the real brokers and Valkey,
 * isolated from other tests: fresh topics, queues, consumer groups, key prefix and ports.
 */
export interface TestPipelineOptions {
  /** Which layout runs the hot path (default: the per-tier processes). */
  kind?: LayoutKind;
  routingWeather?: RoutingMode;
  routingSales?: RoutingMode;
  kafkaConsumers?: number;
  /** The Kafka consumers' client (default js under Bun; rdkafka runs them under Node). */
  kafkaConsumerClient?: "js" | "rdkafka";
  rabbitConsumers?: number;
  /** Restart tiers that exit (as npm run serve does); off, a killed tier stays dead. */
  supervise?: boolean;
  /** The Kafka writer's client (default js under Bun; rdkafka runs it under Node). */
  kafkaWriterClient?: "js" | "rdkafka";
  /** Serve the reference gRPC services too, on a free port (pipeline.grpcAddress). */
  grpc?: boolean;
  /** Run the dashboard too, on a free port (pipeline.dashboardUrl). */
  dashboard?: boolean;
  /** Domains loaded from modules (DOMAIN_MODULES), each with a fresh topic, queue and group. */
  extraDomains?: readonly { module: string; name: string; routing: RoutingMode }[];
  /** A Kafka the test started itself (a cluster on its own ports) instead of the shared one. */
  kafka?: Pick<KafkaServer, "bootstrap" | "createTopic">;
  /** How each tier's process starts (see PipelineRunOptions.launch), e.g. from an image. */
  launch?: PipelineRunOptions["launch"];
  /** Longest wait for every tier to answer ready (default 60 s). */
  readyTimeoutMs?: number;
  /** The consumers' id-marker window (DEDUP_TTL_SECONDS; default 7 days). */
  dedupTtlSeconds?: number;
  /**
   * How long a both-brokers event's marker stays once both copies came
   * (PAIRED_MARKER_TTL_SECONDS). An hour here, not the consumers' minute: the audits read
   * every accepted event's marker after the run.
   */
  pairedMarkerTtlSeconds?: number;
}

export async function startTestPipeline(options: TestPipelineOptions = {}): Promise<TestPipeline> {
  const kafka = options.kafka ?? { bootstrap: endpoints.kafkaBrokers, createTopic };
  await ensureUp(options.kafka ? ["rabbitmq", "valkey"] : undefined);
  const id = randomUUID().slice(0, 8);
  const layout: PipelineLayout = {
    ...defaultLayout({ ...endpoints, kafkaBrokers: kafka.bootstrap }, options.kind ?? "tiers"),
    ports: {
      ingest: await freePort(),
      router: await freePort(),
      routerMetrics: await freePort(),
      kafkaWriter: await freePort(),
      kafkaWriterMetrics: await freePort(),
      rabbitWriter: await freePort(),
      rabbitWriterMetrics: await freePort(),
      kafkaConsumerMetrics: await freePorts(options.kafkaConsumers ?? 1),
      rabbitConsumerMetrics: await freePorts(options.rabbitConsumers ?? 1),
      ...(options.dashboard ? { dashboard: await freePort() } : {}),
      ...(options.grpc ? { grpc: await freePort() } : {}),
    },
    routingWeather: options.routingWeather ?? "both",
    routingSales: options.routingSales ?? "kafka",
    weatherDestination: `weather-${id}`,
    salesDestination: `sales-${id}`,
    keyPrefix: `t-${id}:`,
    groupSuffix: `-${id}`,
    kafkaConsumerClient: options.kafkaConsumerClient ?? "js",
    kafkaWriterClient: options.kafkaWriterClient ?? "js",
    ...(options.dedupTtlSeconds ? { dedupTtlSeconds: options.dedupTtlSeconds } : {}),
    pairedMarkerTtlSeconds: options.pairedMarkerTtlSeconds ?? 3600,
    extraDomains: (options.extraDomains ?? []).map((d) => ({
      ...d,
      destination: `${d.name}-${id}`,
      group: `${d.name}-group-${id}`,
    })),
  };
  const extraTopics = (layout.extraDomains ?? []).map((d) => d.destination);
  for (const topic of [layout.weatherDestination, layout.salesDestination, ...extraTopics]) {
    await kafka.createTopic(topic, 6);
    await kafka.createTopic(`${topic}.dlq`, 1);
  }
  const output: string[] = [];
  const pipeline = await startPipeline(layout, {
    log: (line) => output.push(line),
    supervise: options.supervise ?? false,
    ...(options.launch ? { launch: options.launch } : {}),
    ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
  });
  const weather = new WeatherStore({ url: endpoints.valkeyUrl, keyPrefix: layout.keyPrefix });
  await weather.connect();
  return {
    layout,
    pipeline,
    weather,
    output,
    post: (path, body, headers = {}) =>
      fetch(`${pipeline.ingestUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    stop: async () => {
      await pipeline.stop();
      await weather.close();
      // Cleanup is hygiene, not the test's verdict: report a failure, do not fail on it.
      await dropTestResources(layout).catch((error: unknown) =>
        console.warn(`test pipeline cleanup: ${error}`),
      );
    },
  };
}
