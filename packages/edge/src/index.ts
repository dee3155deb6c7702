export * from "./edge-config.ts";
export * from "./edge-sink.ts";
