import { expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import { domainConfig } from "./domain-config.ts";
import { BUILT_IN_DOMAINS } from "./registry.ts";

const [weather, sales] = BUILT_IN_DOMAINS;
const own = { PORT: Type.Integer({ default: 1, description: "a port" }) };

test("a tier's own variables, then each domain's, in the order of its maps", () => {
  const config = domainConfig(own, ["modes", "destinations"]);
  expect(Object.keys(config.schema(BUILT_IN_DOMAINS).properties)).toEqual([
    "PORT",
    "ROUTING_WEATHER",
    "ROUTING_SALES",
    "WEATHER_DESTINATION",
    "SALES_DESTINATION",
  ]);
  const loaded = config.load(BUILT_IN_DOMAINS, { PORT: "8", SALES_DESTINATION: "s2" });
  expect(loaded.PORT).toBe(8);
  expect(loaded.domains).toBe(BUILT_IN_DOMAINS);
  expect(loaded.destinations.get(sales?.id ?? 0)).toBe("s2");
  expect(loaded.modes.get(weather?.id ?? 0)).toBe(weather?.defaults.routing);
  expect("groups" in loaded).toBe(false);
});

test("own variables may depend on the registry; a bad one fails naming it", () => {
  const config = domainConfig(
    (domains) => ({ ...own, NAMES: Type.String({ default: domains.map((d) => d.name).join() }) }),
    ["groups"],
  );
  const loaded = config.load(BUILT_IN_DOMAINS, {});
  expect(loaded.NAMES).toBe("weather,sales");
  expect(loaded.groups.get(weather?.id ?? 0)).toBe(weather?.defaults.group);
  expect(() => config.load(BUILT_IN_DOMAINS, { PORT: "x" })).toThrow(/PORT/);
});
