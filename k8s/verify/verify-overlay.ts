import { join } from "node:path";
import { ensureSecrets } from "../secrets.ts";
import { checks, type Finding, type Obj } from "./checks.ts";
import type { ControlPlane } from "./control-plane.ts";
import { kubectlBinary } from "./tools.ts";

const k8sDir = join(import.meta.dir, "..");

export interface OverlayReport {
  overlay: string;
  namespace: string;
  /** Kind -> how many objects of it the server stored. */
  applied: Record<string, number>;
  /** What kubectl printed besides the applied lines: Pod Security and deprecation warnings. */
  warnings: string[];
  findings: Finding[];
}

/**
 * `kubectl kustomize` of a directory: the YAML that `kubectl apply -k` would send (with the
 * generated credentials, written first if this checkout has none).
 */
export function render(dir: string): string {
  ensureSecrets();
  const built = Bun.spawnSync([kubectlBinary(), "kustomize", dir]);
  if (built.exitCode !== 0) throw new Error(`kubectl kustomize ${dir}: ${built.stderr.toString()}`);
  return built.stdout.toString();
}

const KINDS = [
  "deployments",
  "statefulsets",
  "horizontalpodautoscalers",
  "services",
  "poddisruptionbudgets",
  "networkpolicies",
  "ingresses",
  "configmaps",
  "secrets",
];

/**
 * Applies an overlay server-side (as `kubectl apply --server-side -k` would), reads back
 * what the server stored in its namespace and runs every check on it. `source` overrides
 * the overlay's rendered YAML (tests feed broken manifests through it).
 */
export async function verifyOverlay(
  cp: ControlPlane,
  overlay: string,
  source = render(join(k8sDir, "overlays", overlay)),
): Promise<OverlayReport> {
  const docs = source.split(/^---\s*$/m).map((d) => Bun.YAML.parse(d) as Obj | null);
  const namespace = docs.find((d) => d?.kind === "Namespace")?.metadata?.name;
  if (!namespace) throw new Error(`overlay ${overlay} declares no Namespace`);
  const out = await cp.kubectl(
    ["apply", "--server-side", "--field-manager=rafaga-verify", "-n", namespace, "-f", "-"],
    source,
  );
  const warnings = out.split("\n").filter((line) => /^Warning/i.test(line));
  const custom = [
    ...new Set(
      docs.flatMap((d) =>
        d?.apiVersion?.includes(".") && !d.apiVersion.includes("k8s.io") ? [d.kind] : [],
      ),
    ),
  ];
  const listed = JSON.parse(
    await cp.kubectl([
      "get",
      [...KINDS, ...custom.map((k) => k.toLowerCase())].join(","),
      "-n",
      namespace,
      "-o",
      "json",
      "--show-managed-fields",
    ]),
  ) as { items: Obj[] };
  const applied: Record<string, number> = {};
  for (const item of listed.items) applied[item.kind] = (applied[item.kind] ?? 0) + 1;
  return {
    overlay,
    namespace,
    applied,
    warnings,
    findings: checks.map((check) => check(listed.items)),
  };
}

export function formatReport(r: OverlayReport): string {
  const kinds = Object.entries(r.applied)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
  const lines = [
    `overlay ${r.overlay} (namespace ${r.namespace}): the server stored ${kinds}`,
    `  ${r.warnings.length === 0 ? "ok  no warnings from the server (Pod Security restricted enforced)" : `FAIL ${r.warnings.length} warnings: ${r.warnings.join(" | ")}`}`,
    ...r.findings.map((f) => `  ${f.ok ? "ok  " : "FAIL"} ${f.check}: ${f.detail}`),
  ];
  return lines.join("\n");
}

export const passed = (r: OverlayReport) =>
  r.warnings.length === 0 && r.findings.every((f) => f.ok);
