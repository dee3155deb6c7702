export * from "./producer-factory.ts";
export * from "./writer-config.ts";
export * from "./writer-service.ts";
