// What other packages (perf) use of the CLI: the Node bundler, the process runner, the load generator.
export * from "./closed-loop.ts";
export * from "./node-bundle.ts";
export * from "./pipeline-layout.ts";
export * from "./pipeline-runner.ts";
export * from "./sales-workload.ts";
export * from "./test-pipeline.ts";
export * from "./weather-workload.ts";
