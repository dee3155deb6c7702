export { createDashboardApp } from "./dashboard-app.ts";
export { DashboardEnv, dashboardConfigSchema, loadDashboardConfig } from "./dashboard-config.ts";
export { PanelFeed } from "./panel-feed.ts";
export type { DashboardSnapshot } from "./snapshot.ts";
