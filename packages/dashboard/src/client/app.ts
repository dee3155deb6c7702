// The dashboard page: draws every panel of the snapshots the server streams, by kind.
import type {
  BarsPanel,
  FiguresPanel,
  LinesPanel,
  Panel,
  TablePanel,
} from "@rafaga/domains/dashboard-panel";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import type { DashboardSnapshot } from "../snapshot.ts";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

const COLORS = ["#3366cc", "#dc7633", "#28a745", "#8e44ad", "#c0392b", "#16a085"];
const charts = new Map<string, Chart>();
/** The group each grouped bar panel shows, chosen by the reader. */
const chosen = new Map<string, string>();
let last: DashboardSnapshot | undefined;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) e.setAttribute(name, value);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The section of a panel, created on first sight, in the order panels come. */
function panelSection(container: HTMLElement, panel: Panel): HTMLElement {
  let section = document.getElementById(`panel-${panel.id}`);
  if (!section) {
    section = element("section", { id: `panel-${panel.id}`, class: "panel" });
    section.append(element("h3"), element("div", { class: "body" }));
    container.append(section);
  }
  const title = section.querySelector("h3") as HTMLElement;
  if (title.textContent !== panel.title) title.textContent = panel.title;
  return section.querySelector(".body") as HTMLElement;
}

/** The numbers as text: the first column names the row (a row header), the rest are values. */
function valuesTable(id: string, columns: string[], rows: string[][], numeric: boolean[]) {
  const table = element("table", { id });
  const head = element("tr");
  columns.forEach((c, i) => {
    head.append(
      element("th", numeric[i] ? { class: "number", scope: "col" } : { scope: "col" }, c),
    );
  });
  table.append(element("thead"), element("tbody"));
  table.tHead?.append(head);
  for (const row of rows) {
    const tr = element("tr", { "data-key": row[0] ?? "" });
    row.forEach((cell, i) => {
      if (i === 0) tr.append(element("th", { scope: "row" }, cell));
      else tr.append(element("td", numeric[i] ? { class: "number" } : {}, cell));
    });
    table.tBodies[0]?.append(tr);
  }
  // Wide tables scroll inside their panel instead of widening the page on a phone.
  const scroller = element("div", { class: "values" });
  scroller.append(table);
  return scroller;
}

function chartIn(body: HTMLElement, id: string, make: (canvas: HTMLCanvasElement) => Chart) {
  let chart = charts.get(id);
  if (!chart) {
    const box = element("div", { class: "chart" });
    const canvas = element("canvas", { role: "img", "aria-label": id });
    box.append(canvas);
    body.prepend(box);
    chart = make(canvas);
    charts.set(id, chart);
  }
  return chart;
}

function drawBars(body: HTMLElement, panel: BarsPanel) {
  const names = panel.groups.map((g) => g.name);
  if (names.length > 1) {
    let select = body.querySelector("select");
    if (!select) {
      const label = element("label", {}, `${panel.groupLabel ?? "Group"} `);
      select = element("select", { id: `${panel.id}-group` });
      for (const name of names) select.append(element("option", { value: name }, name));
      select.addEventListener("change", () => {
        chosen.set(panel.id, (select as HTMLSelectElement).value);
        if (last) render(last);
      });
      label.append(select);
      body.append(label);
    }
  }
  const group = panel.groups.find((g) => g.name === chosen.get(panel.id)) ?? panel.groups[0];
  const bars = group?.bars ?? [];
  const chart = chartIn(
    body,
    panel.id,
    (canvas) =>
      new Chart(canvas, {
        type: "bar",
        data: { labels: [], datasets: [{ label: panel.title, data: [], backgroundColor: COLORS }] },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true } },
        },
      }),
  );
  chart.data.labels = bars.map((b) => b.label);
  (chart.data.datasets[0] as { data: number[] }).data = bars.map((b) => b.value);
  chart.update();
  body.querySelector(".values")?.remove();
  body.append(
    valuesTable(
      `${panel.id}-values`,
      [panel.groupLabel && group ? group.name : "", "count"],
      bars.map((b) => [b.label, b.text]),
      [false, true],
    ),
  );
}

function drawLines(body: HTMLElement, panel: LinesPanel) {
  const chart = chartIn(
    body,
    panel.id,
    (canvas) =>
      new Chart(canvas, {
        type: "line",
        data: { datasets: [] },
        options: {
          animation: false,
          maintainAspectRatio: false,
          parsing: false,
          // By position in the stream, not by time: a burst of sales in one millisecond
          // would otherwise stand as one vertical line.
          scales: {
            x: { type: "linear", title: { display: true, text: "oldest to newest" } },
          },
        },
      }),
  );
  chart.data.datasets = panel.series.map((s, i) => ({
    label: s.name,
    data: s.points.map((p, i) => ({ x: i + 1, y: p.y })),
    borderColor: COLORS[i % COLORS.length],
    backgroundColor: COLORS[i % COLORS.length],
    pointRadius: 0,
    borderWidth: 1.5,
  }));
  chart.update();
  body.querySelector(".values")?.remove();
  const rows = panel.series.map((s) => [
    s.name,
    String(s.points.length),
    s.points.at(-1)?.text ?? "-",
  ]);
  body.append(
    valuesTable(`${panel.id}-values`, ["series", "points", "latest"], rows, [false, true, true]),
  );
}

function drawTable(body: HTMLElement, panel: TablePanel) {
  body.querySelector(".values")?.remove();
  const numeric = panel.columns.map((_, i) =>
    panel.rows.every((r) => /^-?[\d,.]+$/.test(r[i] ?? "")),
  );
  body.append(valuesTable(`${panel.id}-values`, panel.columns, panel.rows, numeric));
}

function drawFigures(body: HTMLElement, panel: FiguresPanel) {
  body.querySelector("dl")?.remove();
  const list = element("dl", { id: `${panel.id}-values` });
  for (const f of panel.figures) {
    list.append(element("dt", {}, f.label), element("dd", { "data-label": f.label }, f.text));
  }
  body.append(list);
}

function render(snapshot: DashboardSnapshot) {
  last = snapshot;
  const main = document.getElementById("domains") as HTMLElement;
  for (const domain of snapshot.domains) {
    let container = document.getElementById(`domain-${domain.name}`);
    if (!container) {
      main.append(element("h2", {}, domain.description));
      container = element("div", { id: `domain-${domain.name}`, class: "panels" });
      main.append(container);
    }
    for (const panel of domain.panels) {
      const body = panelSection(container, panel);
      if (panel.kind === "bars") drawBars(body, panel);
      else if (panel.kind === "lines") drawLines(body, panel);
      else if (panel.kind === "table") drawTable(body, panel);
      else drawFigures(body, panel);
    }
  }
  const status = document.getElementById("status") as HTMLElement;
  const at = new Date(snapshot.readAt).toLocaleTimeString();
  status.className = snapshot.error ? "error" : "";
  status.textContent = snapshot.error
    ? `Valkey unreachable (${snapshot.error}); showing what was read before`
    : `live, read from Valkey at ${at}`;
  document.body.dataset.readAt = String(snapshot.readAt);
}

function connect() {
  const events = new EventSource("/events");
  events.onmessage = (message) => render(JSON.parse(message.data) as DashboardSnapshot);
  events.onerror = () => {
    const status = document.getElementById("status") as HTMLElement;
    status.className = "error";
    status.textContent = "dashboard service unreachable; reconnecting...";
  };
}

connect();
