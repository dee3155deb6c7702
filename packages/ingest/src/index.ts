export * from "./domain-routes.ts";
export * from "./event-sink.ts";
export * from "./grpc-status.ts";
export * from "./ingest-app.ts";
export * from "./ingest-config.ts";
export * from "./reference-grpc.ts";
