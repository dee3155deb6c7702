import type { Panel } from "@rafaga/domains/dashboard-panel";

export interface DomainPanels {
  name: string;
  description: string;
  panels: Panel[];
}

/** What every viewer receives: all domains' panels from one read of Valkey. */
export interface DashboardSnapshot {
  /** Milliseconds since the epoch of the read these panels come from. */
  readAt: number;
  domains: DomainPanels[];
  /** Set while Valkey cannot be read: the panels are the last ones read. */
  error?: string;
}
