import { expect, test } from "bun:test";
import { loadConfig } from "@rafaga/core";
import { Type } from "@sinclair/typebox";
import {
  destinationEnv,
  destinationsOf,
  domainsEnv,
  groupEnv,
  groupsOf,
  routingEnv,
  routingOf,
} from "./domain-env.ts";
import { BUILT_IN_DOMAINS } from "./registry.ts";

const schema = Type.Object({
  ...destinationEnv(BUILT_IN_DOMAINS),
  ...groupEnv(BUILT_IN_DOMAINS),
  ...routingEnv(BUILT_IN_DOMAINS),
  DOMAINS: domainsEnv(BUILT_IN_DOMAINS, ["weather"]),
});

test("each domain's variables are named after it and default to its module's defaults", () => {
  expect(Object.keys(schema.properties).sort()).toEqual(
    [
      "DOMAINS",
      "ROUTING_SALES",
      "ROUTING_WEATHER",
      "SALES_DESTINATION",
      "SALES_GROUP",
      "WEATHER_DESTINATION",
      "WEATHER_GROUP",
    ].sort(),
  );
  const config = loadConfig(schema, {});
  for (const d of BUILT_IN_DOMAINS) {
    expect(destinationsOf(config, BUILT_IN_DOMAINS).get(d.id)).toBe(d.defaults.destination);
    expect(groupsOf(config, BUILT_IN_DOMAINS).get(d.id)).toBe(d.defaults.group);
    expect(routingOf(config, BUILT_IN_DOMAINS).get(d.id)).toBe(d.defaults.routing);
  }
  expect(config.DOMAINS).toEqual(["weather"]);
});

test("a set variable wins; a bad routing mode or domain name fails naming the variable", () => {
  const config = loadConfig(schema, { SALES_DESTINATION: "s2", ROUTING_WEATHER: "split" });
  const [weather, sales] = BUILT_IN_DOMAINS;
  expect(destinationsOf(config, BUILT_IN_DOMAINS).get(sales?.id ?? 0)).toBe("s2");
  expect(routingOf(config, BUILT_IN_DOMAINS).get(weather?.id ?? 0)).toBe("split");
  expect(() => loadConfig(schema, { ROUTING_SALES: "kafka2" })).toThrow(/ROUTING_SALES/);
  expect(() => loadConfig(schema, { DOMAINS: "weather,nope" })).toThrow(/DOMAINS/);
});
