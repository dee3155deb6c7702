import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fixed2 } from "@rafaga/core";
import { launchChromium, panelTable } from "@rafaga/dashboard/testing";
import { CATEGORIES, parseProductSale, SalesStore, salesWorkload } from "@rafaga/domains";
import { endpoints } from "@rafaga/infra";
import { type Browser, chromium, type Page } from "playwright-core";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

/*
 * The dashboard on a running pipeline, in Chromium: sales posted over HTTP show on the page
 * as Valkey holds them, the pipeline's own panels see every process, and the page goes on
 * through a restart of the edge.
 */

let t: TestPipeline;
let browser: Browser;
let page: Page;
let sales: SalesStore;
const accepted: ReturnType<typeof parseProductSale>[] = [];
const next = salesWorkload(11);
let sent = 0;

async function postSales(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const body = next(sent++).body;
    const response = await t.post("/purchase", body);
    if (response.status === 202) accepted.push(parseProductSale(body));
  }
}

const tableOf = (id: string) => panelTable(page, id);

async function figure(label: string): Promise<string | null> {
  return page.textContent(`#pipeline-health-values dd[data-label="${label}"]`);
}

async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  let got: T | undefined;
  while (performance.now() < deadline) {
    got = await read().catch(() => undefined);
    if (Bun.deepEquals(got, expected)) return;
    await Bun.sleep(50);
  }
  expect(got).toEqual(expected);
}

/** The sales panels' rows as they must read for the accepted sales. */
function expectedSales() {
  const rows = (f: (s: typeof accepted) => string[]) =>
    Object.fromEntries(
      CATEGORIES.map((c) => [c, f(accepted.filter((s) => s.categoriaNombre === c))]),
    );
  return {
    counts: rows((s) => [s.length.toLocaleString("en-US")]),
    averages: rows((s) => [
      s.length.toLocaleString("en-US"),
      fixed2(
        s.reduce((n, x) => n + x.cantidad, 0),
        s.length,
      ),
      fixed2(
        s.reduce((n, x) => n + x.precioCents, 0),
        s.length * 100,
      ),
    ]),
  };
}

beforeAll(async () => {
  t = await startTestPipeline({ kind: "single", dashboard: true, supervise: true });
  sales = new SalesStore({ url: endpoints.valkeyUrl, keyPrefix: t.layout.keyPrefix });
  browser = await launchChromium(chromium);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(t.pipeline.dashboardUrl as string);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sales?.close();
  await t?.stop();
}, 60_000);

describe("the dashboard on a running pipeline", () => {
  test("sales posted over HTTP show as Valkey holds them; the pipeline panels see every process", async () => {
    await postSales(300);
    expect(accepted).toHaveLength(300);
    const { counts, averages } = expectedSales();
    await eventually(() => tableOf("sales-by-category"), counts);
    await eventually(() => tableOf("sales-averages"), averages);
    expect((await sales.readAggregates()).totalSales).toBe(300);

    expect(await figure("Processes not answering")).toBe("none");
    // By committed offsets: at most the commit interval (1 s) behind what Valkey holds.
    const lag = async () => (await tableOf("pipeline-lag"))[`${t.layout.salesDestination} (Kafka)`];
    await eventually(lag, [`black-friday-group${t.layout.groupSuffix}`, "0"]);
    const hops = await page.$$eval("#pipeline-latency-values tbody tr", (rows) =>
      rows.map((r) => r.textContent ?? ""),
    );
    expect(hops.find((h) => h.includes("request -> 2xx"))).toStartWith("edge");
  }, 120_000);

  test("the page goes on through a restart of the edge", async () => {
    await t.pipeline.kill("edge");
    // The supervisor brings it back; the page never reloads.
    await eventually(async () => (await t.pipeline.restarts()).edge, 1, 30_000);
    const ready = () =>
      fetch(`${t.pipeline.ingestUrl}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
    await eventually(ready, true, 30_000);
    await eventually(() => figure("Processes not answering"), "none", 30_000);
    await postSales(50);
    const { counts } = expectedSales();
    await eventually(() => tableOf("sales-by-category"), counts);
    expect(await page.textContent("#status")).toContain("live");
  }, 120_000);
});
