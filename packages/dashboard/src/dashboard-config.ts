import { domainConfig } from "@rafaga/domains";
import { ValkeyEnv } from "@rafaga/store";
import { Type } from "@sinclair/typebox";

export const DashboardEnv = {
  PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 3000,
    description: "the dashboard page, its event stream, /healthz, /readyz and /metrics",
  }),
  HOST: Type.String({ default: "0.0.0.0", description: "listen address" }),
  ...ValkeyEnv,
  PIPELINE_METRICS: Type.Array(Type.String(), {
    default: [],
    description:
      "the pipeline's processes to show, as name=url of their /metrics (comma-separated); none: no pipeline panels",
  }),
  KAFKA_BROKERS: Type.String({
    default: "",
    description:
      "Kafka bootstrap servers, for the consumer lag of each domain's group; empty: no Kafka lag",
  }),
  AMQP_URL: Type.String({
    default: "",
    description: "RabbitMQ URL, for each domain's queue depth; empty: no queue depths",
    secret: true,
  }),
  REFRESH_MS: Type.Integer({
    minimum: 100,
    maximum: 60_000,
    default: 500,
    description:
      "how often the panels are read while a page follows them: one read for all viewers, pushed only when a value changed; none while nobody watches",
  }),
};

const dashboardConfig = domainConfig(DashboardEnv, ["destinations", "groups"]);

/** The dashboard's variables, with each domain's destination and consumer group. */
export const dashboardConfigSchema = dashboardConfig.schema;
export const loadDashboardConfig = dashboardConfig.load;
export type DashboardConfig = ReturnType<typeof loadDashboardConfig>;
