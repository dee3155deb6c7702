export { createDashboardApp } from "./dashboard-app.ts";
export { DashboardConfigSchema, DashboardEnv, loadDashboardConfig } from "./dashboard-config.ts";
export { PanelFeed } from "./panel-feed.ts";
export type { DashboardSnapshot } from "./snapshot.ts";
