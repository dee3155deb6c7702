import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fixed2, money } from "@rafaga/core";
import {
  CATEGORIES,
  MUNICIPALITIES,
  parseProductSale,
  parseWeatherTweet,
  type SalesEvent,
  SalesStore,
  salesWorkload,
  WEATHERS,
  type WeatherEvent,
  WeatherStore,
  weatherWorkload,
} from "@rafaga/domains";
import { endpoints, ensureUp, killService, startService } from "@rafaga/infra";
import { freePort } from "@rafaga/runner";
import { dropPrefix, freshPrefix, valkeyForTests } from "@rafaga/store/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { launchChromium, panelTable } from "./testing.ts";

/*
 * The dashboard in a real browser (Debian's chromium), against the real Valkey: every panel
 * shows what Valkey holds, a new event shows within 2 s, and the page lives through a
 * Valkey restart and a restart of the dashboard process. Screenshots go to artifacts/.
 */

const ARTIFACTS = join(import.meta.dir, "..", "..", "..", "artifacts", "dashboard");
const prefix = freshPrefix();
const valkey = { url: endpoints.valkeyUrl, keyPrefix: prefix };
let port: number;
let dashboard: ReturnType<typeof Bun.spawn> | undefined;
let browser: Browser;
let page: Page;
const weather = new WeatherStore(valkey);
const sales = new SalesStore(valkey);
const weatherEvents: WeatherEvent[] = [];
const salesEvents: SalesEvent[] = [];

async function startDashboard(): Promise<void> {
  dashboard = Bun.spawn([process.execPath, join(import.meta.dir, "main.ts")], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      VALKEY_URL: endpoints.valkeyUrl,
      KEY_PREFIX: prefix,
      REFRESH_MS: "200",
      LOG_LEVEL: "warn",
    },
    stdout: "inherit",
    stderr: "inherit",
  });
  const deadline = performance.now() + 20_000;
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (performance.now() > deadline) throw new Error("the dashboard did not get ready in 20 s");
    await Bun.sleep(100);
  }
}

async function stopDashboard(): Promise<void> {
  dashboard?.kill("SIGTERM");
  await dashboard?.exited;
}

function addWeather(count: number, seed: number): WeatherEvent[] {
  const next = weatherWorkload(seed);
  const made = Array.from({ length: count }, (_, i) => ({
    ...parseWeatherTweet(next(i).body),
    id: `dash-w-${seed}-${i}`,
    ingestTsUs: Date.now() * 1000 + i,
  }));
  weatherEvents.push(...made);
  return made;
}

function addSales(count: number, seed: number): SalesEvent[] {
  const next = salesWorkload(seed);
  const made = Array.from({ length: count }, (_, i) => ({
    ...parseProductSale(next(i).body),
    id: `dash-s-${seed}-${i}`,
    ingestTsUs: Date.now() * 1000 + i,
  }));
  salesEvents.push(...made);
  return made;
}

const tableOf = (id: string) => panelTable(page, id);

const countText = (n: number) => n.toLocaleString("en-US");

/** Resolves once `read` returns `expected`; the time it took, in ms. */
async function shows(read: () => Promise<unknown>, expected: unknown, timeoutMs = 5000) {
  const started = performance.now();
  let got: unknown;
  while (performance.now() - started < timeoutMs) {
    got = await read().catch(() => undefined);
    if (Bun.deepEquals(got, expected)) return performance.now() - started;
    await Bun.sleep(25);
  }
  expect(got).toEqual(expected);
  return Number.POSITIVE_INFINITY;
}

beforeAll(async () => {
  await ensureUp(["valkey"]);
  port = await freePort();
  await weather.applyBatch(addWeather(400, 1));
  await sales.applyBatch(addSales(300, 2));
  await startDashboard();
  browser = await launchChromium(chromium);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stopDashboard();
  await Promise.allSettled([weather.close(), sales.close()]);
  const raw = await valkeyForTests();
  await dropPrefix(raw, prefix);
  raw.disconnect();
}, 60_000);

describe("dashboard page", () => {
  test("weather panels show what Valkey holds", async () => {
    const expected = Object.fromEntries(
      MUNICIPALITIES.map((m) => [
        m,
        WEATHERS.map((w) => weatherEvents.filter((e) => e.municipality === m && e.weather === w)),
      ]),
    );
    for (const m of MUNICIPALITIES) {
      await page.selectOption("#weather-by-condition-group", m);
      const rows = Object.fromEntries(
        WEATHERS.map((w, i) => [w, [countText(expected[m]?.[i]?.length ?? 0)]]),
      );
      await shows(() => tableOf("weather-by-condition"), rows);
    }
    const inMunicipality = (m: string) => weatherEvents.filter((e) => e.municipality === m);
    const sum = (events: WeatherEvent[], f: (e: WeatherEvent) => number) =>
      events.reduce((n, e) => n + f(e), 0);
    await shows(
      () => tableOf("weather-averages"),
      Object.fromEntries(
        MUNICIPALITIES.map((m) => {
          const events = inMunicipality(m);
          return [
            m,
            [
              countText(events.length),
              fixed2(
                sum(events, (e) => e.temperature),
                events.length,
              ),
              fixed2(
                sum(events, (e) => e.humidity),
                events.length,
              ),
            ],
          ];
        }),
      ),
    );
    const byMunicipality = await tableOf("weather-by-municipality");
    for (const m of MUNICIPALITIES) {
      expect(byMunicipality[m]).toEqual([countText(inMunicipality(m).length)]);
    }
    const latest = await page.$$eval("#weather-latest-values tbody tr", (rows) =>
      rows.map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent)),
    );
    const newest = weatherEvents.slice(-10).reverse();
    expect(latest).toEqual(
      newest.map((e) => [e.municipality, e.weather, String(e.temperature), String(e.humidity)]),
    );
    await page.locator("#domain-weather").screenshot({ path: join(ARTIFACTS, "weather.png") });
  }, 30_000);

  test("Black Friday panels show what Valkey holds, money to the cent", async () => {
    const perCategory = (c: string) => salesEvents.filter((s) => s.categoriaNombre === c);
    await shows(
      () => tableOf("sales-by-category"),
      Object.fromEntries(CATEGORIES.map((c) => [c, [countText(perCategory(c).length)]])),
    );
    await shows(
      () => tableOf("sales-averages"),
      Object.fromEntries(
        CATEGORIES.map((c) => {
          const s = perCategory(c);
          const quantity = s.reduce((n, e) => n + e.cantidad, 0);
          const cents = s.reduce((n, e) => n + e.precioCents, 0);
          return [
            c,
            [countText(s.length), fixed2(quantity, s.length), fixed2(cents, s.length * 100)],
          ];
        }),
      ),
    );
    const cents = salesEvents.map((s) => s.precioCents);
    const figures = await page.$$eval("#sales-extremes-values dd", (items) =>
      Object.fromEntries(items.map((d) => [d.getAttribute("data-label"), d.textContent])),
    );
    expect(figures["Highest price"]).toBe(money(Math.max(...cents)));
    expect(figures["Lowest price"]).toBe(money(Math.min(...cents)));
    const sold = new Map<string, number>();
    for (const s of salesEvents) sold.set(s.productoId, (sold.get(s.productoId) ?? 0) + s.cantidad);
    const best = Math.max(...sold.values());
    expect(figures["Best-selling product"]).toMatch(new RegExp(`\\(${countText(best)} sold\\)$`));
    const stream = await tableOf("sales-monitored-price");
    for (const c of CATEGORIES) {
      const first = perCategory(c)[0];
      const key = `${c}: ${first?.productoId}`;
      const ofMonitored = perCategory(c).filter((s) => s.productoId === first?.productoId);
      expect(stream[key]).toEqual([
        String(ofMonitored.length),
        money(ofMonitored.at(-1)?.precioCents ?? 0),
      ]);
    }
    await page.locator("#domain-sales").screenshot({ path: join(ARTIFACTS, "black-friday.png") });
  }, 30_000);

  test("a new event shows within 2 s", async () => {
    await page.selectOption("#weather-by-condition-group", "guatemala");
    const before = await tableOf("weather-by-condition");
    const event: WeatherEvent = {
      municipality: "guatemala",
      weather: "foggy",
      temperature: 20,
      humidity: 50,
      id: `dash-new-${Date.now()}`,
      ingestTsUs: Date.now() * 1000,
    };
    const applied = performance.now();
    await weather.applyBatch([event]);
    weatherEvents.push(event);
    const count = Number((before.foggy?.[0] ?? "0").replaceAll(",", "")) + 1;
    await shows(async () => (await tableOf("weather-by-condition")).foggy, [countText(count)]);
    const tookMs = performance.now() - applied;
    console.log(`dashboard: a new event showed ${tookMs.toFixed(0)} ms after it was applied`);
    expect(tookMs).toBeLessThan(2000);
  }, 30_000);

  test("readable on a phone-width screen", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await phone.goto(`http://127.0.0.1:${port}/`);
      await phone.waitForSelector("#sales-by-category-values");
      // Evaluated in the page, where `document` and `window` exist: the page is no wider than
      // the screen.
      const overflow = await phone.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth",
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: join(ARTIFACTS, "phone.png"), fullPage: true });
    } finally {
      await phone.close();
    }
  }, 30_000);

  test("the page lives through a Valkey restart and a dashboard restart", async () => {
    await killService("valkey");
    await page.waitForSelector("#status.error", { timeout: 10_000 });
    expect(await page.textContent("#status")).toContain("Valkey unreachable");
    await startService("valkey");
    await page.waitForSelector("#status:not(.error)", { timeout: 20_000 });

    await stopDashboard();
    await page.waitForSelector("#status.error", { timeout: 10_000 });
    await startDashboard();
    const more = addWeather(5, 3);
    await weather.applyBatch(more);
    const mixco = weatherEvents.filter((e) => e.municipality === "mixco").length;
    await shows(
      async () => (await tableOf("weather-by-municipality")).mixco,
      [countText(mixco)],
      10_000,
    );
    expect(await page.textContent("#status")).toContain("live");
  }, 90_000);
});
