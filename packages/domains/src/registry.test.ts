import { expect, test } from "bun:test";
import { isRafagaError } from "@rafaga/core";
import type { DomainModule } from "./domain-module.ts";
import { BUILT_IN_DOMAINS, checkDomains, loadDomains } from "./registry.ts";

const TALLY = "./packages/domains/src/tally-test-domain/tally-domain.ts";
const repoRoot = new URL("../../../", import.meta.url).pathname;

async function configError(
  load: () => Promise<unknown> | unknown,
): Promise<{ code: string; field?: string; message: string }> {
  try {
    await load();
  } catch (error) {
    if (isRafagaError(error))
      return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error("no error");
}

test("without DOMAIN_MODULES, the built-in domains, with distinct ids, names and paths", async () => {
  expect(await loadDomains({})).toEqual(BUILT_IN_DOMAINS);
  expect(new Set(BUILT_IN_DOMAINS.map((d) => d.id)).size).toBe(BUILT_IN_DOMAINS.length);
});

test("DOMAIN_MODULES adds a module's default export after the built-in ones", async () => {
  const cwd = process.cwd();
  process.chdir(repoRoot);
  try {
    const domains = await loadDomains({ DOMAIN_MODULES: ` ${TALLY} ,` });
    expect(domains.map((d) => d.name)).toEqual([...BUILT_IN_DOMAINS.map((d) => d.name), "tally"]);
  } finally {
    process.chdir(cwd);
  }
});

test("a module that does not load is a CONFIG error naming DOMAIN_MODULES and the module", async () => {
  const error = await configError(() => loadDomains({ DOMAIN_MODULES: "./no/such/domain.ts" }));
  expect(error.code).toBe("CONFIG");
  expect(error.field).toBe("DOMAIN_MODULES");
  expect(error.message).toContain("./no/such/domain.ts");
});

test("two domains with the same id, name or path are refused; so is a bad name", async () => {
  const [weather] = BUILT_IN_DOMAINS as [DomainModule];
  const clash = (change: Partial<DomainModule>) =>
    configError(() =>
      checkDomains([
        ...BUILT_IN_DOMAINS,
        {
          ...weather,
          id: 77,
          name: "other",
          ...change,
          http: { ...weather.http, path: "/other", ...(change.http ?? {}) },
        },
      ]),
    );
  expect((await clash({ id: weather.id })).message).toContain(`id ${weather.id}`);
  expect((await clash({ name: weather.name })).message).toContain(`name ${weather.name}`);
  expect((await clash({ http: weather.http })).message).toContain(`path ${weather.http.path}`);
  expect((await clash({ name: "Not-Snake" })).field).toBe("DOMAIN_MODULES");
  expect((await clash({ id: 0 })).field).toBe("DOMAIN_MODULES");
});
