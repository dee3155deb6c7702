export * from "./domain-env.ts";
export type * from "./domain-module.ts";
export { BUILT_IN_DOMAINS, checkDomains, loadDomains } from "./registry.ts";
export { salesDomain } from "./sales/sales-domain.ts";
export { weatherDomain } from "./weather/weather-domain.ts";
