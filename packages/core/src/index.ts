export * from "./logger.ts";
export * from "./rafaga-error.ts";
