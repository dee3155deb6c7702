import { expect, test } from "bun:test";
import { ensureSecrets } from "../secrets.ts";
import type { Obj } from "./checks.ts";
import { egressReachesDependencies, labelSelectorMatches } from "./egress-check.ts";

/*
 * The egress check on the rendered overlay (no API server: k8s-verify.test.ts runs it on
 * what the server stored), and on copies with one allowance taken away.
 */

ensureSecrets();
const kubectl = Bun.which("kubectl");
const rendered = (): Obj[] => {
  const out = Bun.spawnSync([kubectl ?? "kubectl", "kustomize", "k8s/overlays/weather"]);
  if (out.exitCode !== 0) throw new Error(out.stderr.toString());
  return out.stdout
    .toString()
    .split(/^---$/m)
    .map((doc) => Bun.YAML.parse(doc) as Obj | null)
    .filter((o): o is Obj => o !== null);
};
const without = (objects: Obj[], policy: string) =>
  objects.filter((o) => !(o.kind === "NetworkPolicy" && o.metadata.name === policy));

test("label selectors: matchLabels and each matchExpressions operator", () => {
  const labels = { app: "router", tier: "hot" };
  expect(labelSelectorMatches({ matchLabels: { app: "router" } }, labels)).toBe(true);
  const expr = (operator: string, values?: string[]) => ({
    matchExpressions: [{ key: "tier", operator, values }],
  });
  expect(labelSelectorMatches(expr("In", ["hot", "cold"]), labels)).toBe(true);
  expect(labelSelectorMatches(expr("NotIn", ["hot"]), labels)).toBe(false);
  expect(labelSelectorMatches(expr("Exists"), labels)).toBe(true);
  expect(labelSelectorMatches(expr("DoesNotExist"), labels)).toBe(false);
});

test.skipIf(!kubectl)(
  "the weather overlay: every tier reaches what it connects to, and DNS",
  () => {
    const finding = egressReachesDependencies(rendered());
    expect(finding).toMatchObject({ ok: true, detail: "9 connections" });
  },
);

test.skipIf(!kubectl)(
  "each allowance taken away fails the check, naming the tier and the address",
  () => {
    const objects = rendered();
    const cases: [string, string][] = [
      [
        "allow-consumers-to-valkey",
        "consumer-kafka: egress does not allow VALKEY_URL (valkey:6379)",
      ],
      ["allow-kafka-clients-to-kafka", "writer-kafka: egress does not allow KAFKA_BROKERS"],
      ["allow-ingest-to-router", "ingest: egress does not allow ROUTER_TARGETS (router:50051)"],
      ["deny-tier-egress-but-dns", "router: no DNS (UDP 53)"],
    ];
    for (const [policy, failure] of cases) {
      const finding = egressReachesDependencies(without(objects, policy));
      expect(finding.ok).toBe(false);
      expect(finding.detail).toContain(failure);
    }
  },
);
