import { loadConfig } from "@rafaga/core";
import { type Static, Type } from "@sinclair/typebox";

export const DashboardEnv = {
  PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 3000,
    description: "the dashboard page, its event stream, /healthz, /readyz and /metrics",
  }),
  HOST: Type.String({ default: "0.0.0.0", description: "listen address" }),
  VALKEY_URL: Type.String({
    default: "redis://127.0.0.1:6379",
    description: "Valkey URL",
    secret: true,
  }),
  KEY_PREFIX: Type.String({
    default: "",
    description: "prepended to every Valkey key read (tests use a fresh one)",
  }),
  PIPELINE_METRICS: Type.Array(Type.String(), {
    default: [],
    description:
      "the pipeline's processes to show, as name=url of their /metrics (comma-separated); none: no pipeline panels",
  }),
  REFRESH_MS: Type.Integer({
    minimum: 100,
    maximum: 60_000,
    default: 500,
    description:
      "how often the panels are read from Valkey: one read for all viewers, pushed only when a value changed",
  }),
};

export const DashboardConfigSchema = Type.Object(DashboardEnv);
export type DashboardConfig = Static<typeof DashboardConfigSchema>;

export const loadDashboardConfig = (env = process.env): DashboardConfig =>
  loadConfig(DashboardConfigSchema, env);
