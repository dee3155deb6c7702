export * from "./dashboard-panel.ts";
export * from "./domain-config.ts";
export * from "./domain-env.ts";
export type * from "./domain-module.ts";
export { BUILT_IN_DOMAINS, checkDomains, loadDomains } from "./registry.ts";
export * from "./sales/index.ts";
export * from "./weather/index.ts";
