export * from "./apply-handler.ts";
export * from "./broker-clients.ts";
export * from "./consumer-config.ts";
