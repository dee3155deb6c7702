import { expect, test } from "bun:test";
import { defaultLayout, pipelineTiers } from "./pipeline-layout.ts";

const endpoints = {
  kafkaBrokers: "127.0.0.1:9092",
  amqpUrl: "amqp://127.0.0.1",
  valkeyUrl: "redis://127.0.0.1:6379",
};
const node = { writer: "w.js", consumer: "c.js" };

test("the default layout runs the dashboard on 3000, reading the pipeline's Valkey keys", () => {
  for (const kind of ["single", "tiers"] as const) {
    const tiers = pipelineTiers({ ...defaultLayout(endpoints, kind), keyPrefix: "p:" }, node);
    const dashboard = tiers.find((t) => t.name === "dashboard");
    expect(dashboard?.env).toMatchObject({
      PORT: "3000",
      VALKEY_URL: endpoints.valkeyUrl,
      KEY_PREFIX: "p:",
      KAFKA_BROKERS: endpoints.kafkaBrokers,
      WEATHER_DESTINATION: "weather-tweets",
      SALES_GROUP: "black-friday-group",
    });
    expect(dashboard?.readyUrl).toBe("http://127.0.0.1:3000/readyz");
    const targets = dashboard?.env.PIPELINE_METRICS?.split(",").map((t) => t.split("=")[0]);
    expect(targets).toEqual(
      kind === "single"
        ? ["edge", "consumer-kafka", "consumer-rabbitmq", "supervisor"]
        : [
            "ingest",
            "router",
            "writer-kafka",
            "writer-rabbitmq",
            "consumer-kafka",
            "consumer-rabbitmq",
            "supervisor",
          ],
    );
  }
});

test("dashboard port 0 starts no dashboard; another port moves it", () => {
  const names = pipelineTiers(defaultLayout(endpoints, "single", 0), node).map((t) => t.name);
  expect(names).not.toContain("dashboard");
  expect(names).toContain("edge");
  const moved = pipelineTiers(defaultLayout(endpoints, "single", 3100), node);
  expect(moved.find((t) => t.name === "dashboard")?.env.PORT).toBe("3100");
});
