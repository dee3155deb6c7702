import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  parseProductSale,
  parseWeatherTweet,
  SalesStore,
  salesWorkload,
  WeatherStore,
  weatherWorkload,
} from "@rafaga/domains";
import { endpoints, ensureUp } from "@rafaga/infra";
import { dropPrefix, freshPrefix, valkeyForTests } from "@rafaga/store/testing";
import type Valkey from "iovalkey";

/*
 * Every key a Grafana panel in k8s/ reads is one the apply scripts write, with the type the
 * panel's command expects: the scripts run on a fresh prefix, then each panel's key (with
 * its dashboard variables expanded to every value) is looked up in Valkey.
 */

interface Target {
  command?: string;
  keyName?: string;
  query?: string;
  field?: string;
}
interface Dashboard {
  panels: { title: string; targets: Target[] }[];
  templating?: { list: { name: string; query: string }[] };
}

const TYPE_OF: Record<string, string> = {
  get: "string",
  hgetall: "hash",
  hmget: "hash",
  lrange: "list",
  zrange: "zset",
  zrevrange: "zset",
  xrange: "stream",
};

/** [key, command] of every target, variables expanded to each of their values. */
function panelKeys(
  dashboard: Dashboard,
): { panel: string; key: string; command: string; fields: string[] }[] {
  const variables = new Map(
    (dashboard.templating?.list ?? []).map((v) => [v.name, v.query.split(",")]),
  );
  const out: { panel: string; key: string; command: string; fields: string[] }[] = [];
  for (const panel of dashboard.panels) {
    for (const t of panel.targets) {
      const [command = "", key = ""] = t.keyName
        ? [t.command ?? "", t.keyName]
        : (t.query ?? "").split(/\s+/);
      let keys = [key];
      for (const [name, values] of variables) {
        keys = keys.flatMap((k) =>
          k.includes(`$${name}`) ? values.map((v) => k.replaceAll(`$${name}`, v)) : [k],
        );
      }
      const fields = t.field ? t.field.split(/\s+/) : [];
      for (const k of keys)
        out.push({ panel: panel.title, key: k, command: command.toLowerCase(), fields });
    }
  }
  return out;
}

const dashboardOf = (overlay: string): Dashboard =>
  JSON.parse(
    readFileSync(
      join(import.meta.dir, "overlays", overlay, "dashboards", `${overlay}.json`),
      "utf8",
    ),
  );

const prefix = freshPrefix();
let raw: Valkey;

beforeAll(async () => {
  await ensureUp(["valkey"]);
  raw = await valkeyForTests();
  const valkey = { url: endpoints.valkeyUrl, keyPrefix: prefix };
  const weather = new WeatherStore(valkey);
  const sales = new SalesStore(valkey);
  // Enough events that every municipality, weather and category occurs.
  const nextReport = weatherWorkload(7);
  const nextSale = salesWorkload(7);
  await weather.applyBatch(
    Array.from({ length: 200 }, (_, i) => ({
      ...parseWeatherTweet(nextReport(i).body),
      id: `grafana-w-${i}`,
      ingestTsUs: Date.now() * 1000,
    })),
  );
  await sales.applyBatch(
    Array.from({ length: 200 }, (_, i) => ({
      ...parseProductSale(nextSale(i).body),
      id: `grafana-s-${i}`,
      ingestTsUs: Date.now() * 1000,
    })),
  );
  await Promise.all([weather.close(), sales.close()]);
}, 60_000);

afterAll(async () => {
  await dropPrefix(raw, prefix);
  raw.disconnect();
}, 30_000);

for (const overlay of ["weather", "black-friday"]) {
  describe(`Grafana dashboard of ${overlay}`, () => {
    const keys = panelKeys(dashboardOf(overlay));

    test("reads only keys the apply scripts write, each of the type its command reads", async () => {
      expect(keys.length).toBeGreaterThan(4);
      for (const { panel, key, command, fields } of keys) {
        const expected = TYPE_OF[command];
        expect({ panel, key, command, known: expected !== undefined }).toEqual({
          panel,
          key,
          command,
          known: true,
        });
        expect({ panel, key, type: await raw.type(`${prefix}${key}`) }).toEqual({
          panel,
          key,
          type: expected as string,
        });
        for (const field of fields) {
          expect({ key, field, exists: await raw.hexists(`${prefix}${key}`, field) }).toEqual({
            key,
            field,
            exists: 1,
          });
        }
      }
    });
  });
}
