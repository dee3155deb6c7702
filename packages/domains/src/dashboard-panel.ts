/**
 * What a dashboard shows, as data: a domain turns what it holds in Valkey into panels, and
 * the dashboard page draws any panel by its kind, without knowing the domain. Every value
 * comes with its text as stored or formatted, so the page shows numbers as text beside the
 * charts (readable without the chart, and checkable by a test).
 */
export type Panel = BarsPanel | LinesPanel | TablePanel | FiguresPanel;

interface PanelBase {
  /** Unique within the dashboard, kebab-case: the page's element ids derive from it. */
  id: string;
  title: string;
}

export interface Bar {
  label: string;
  value: number;
  text: string;
}

/** Bar charts; with more than one group, the page lets the reader choose one. */
export interface BarsPanel extends PanelBase {
  kind: "bars";
  /** What the reader chooses between, e.g. "municipality". */
  groupLabel?: string;
  groups: { name: string; bars: Bar[] }[];
}

export interface LinePoint {
  /** Milliseconds since the epoch. */
  x: number;
  y: number;
  text: string;
}

/** A line chart over time, one line per series. */
export interface LinesPanel extends PanelBase {
  kind: "lines";
  series: { name: string; points: LinePoint[] }[];
}

export interface TablePanel extends PanelBase {
  kind: "table";
  columns: string[];
  rows: string[][];
}

/** A few labelled values. */
export interface FiguresPanel extends PanelBase {
  kind: "figures";
  figures: { label: string; text: string }[];
}

/** A domain's panels, read from Valkey. */
export interface DomainDashboard {
  /** One consistent read of what the panels show. Rejects STORE_UNAVAILABLE. */
  read(): Promise<Panel[]>;
  /** Idempotent. */
  close(): Promise<void>;
}

export const countText = (n: number): string => n.toLocaleString("en-US");
