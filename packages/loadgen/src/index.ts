export * from "./closed-loop.ts";
export * from "./open-loop.ts";
