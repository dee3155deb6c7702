export * from "./closed-loop.ts";
