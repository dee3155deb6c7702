export * from "./domain-routes.ts";
export * from "./event-sink.ts";
export * from "./ingest-app.ts";
export * from "./ingest-config.ts";
