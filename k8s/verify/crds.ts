import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@rafaga/runner";
import type { ControlPlane } from "./control-plane.ts";
import { strimziCrds } from "./strimzi-crds.ts";
import { goBinary } from "./tools.ts";

/** The Prometheus Operator release whose CRDs the PodMonitors are checked against. */
export const PROMETHEUS_OPERATOR_VERSION = "v0.85.0";
/** The KEDA release whose CRDs the consumers' ScaledObjects are checked against. */
export const KEDA_VERSION = "v2.21.0";

/**
 * A Go module's files, from the module proxy into Go's module cache (`go mod download`):
 * the operators' CRDs ship in their modules.
 */
function goModuleDir(module: string, version: string): string {
  const download = Bun.spawnSync([goBinary(), "mod", "download", "-json", `${module}@${version}`], {
    cwd: import.meta.dir,
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  const info = JSON.parse(download.stdout.toString() || "{}") as { Dir?: string; Error?: string };
  if (!info.Dir)
    throw new Error(
      `go mod download ${module}@${version}: ${info.Error ?? download.stderr.toString()}`,
    );
  return info.Dir;
}

/** The CRDs the overlays use, as YAML, each with where it came from. */
export function crdSources(): { name: string; yaml: string }[] {
  const operator = goModuleDir(
    "github.com/prometheus-operator/prometheus-operator",
    PROMETHEUS_OPERATOR_VERSION,
  );
  const keda = join(
    goModuleDir("github.com/kedacore/keda/v2", KEDA_VERSION),
    "config",
    "crd",
    "bases",
  );
  return [
    ...strimziCrds(join(repoRoot, ".cache")),
    ...["scaledobjects", "triggerauthentications"].map((kind) => ({
      name: `${kind} (KEDA ${KEDA_VERSION})`,
      yaml: readFileSync(join(keda, `keda.sh_${kind}.yaml`), "utf8"),
    })),
    {
      name: `PodMonitor (prometheus-operator ${PROMETHEUS_OPERATOR_VERSION})`,
      yaml: readFileSync(
        join(
          operator,
          "example",
          "prometheus-operator-crd",
          "monitoring.coreos.com_podmonitors.yaml",
        ),
        "utf8",
      ),
    },
  ];
}

/** Installs the CRDs and waits until the server serves them. */
export async function installCrds(cp: ControlPlane, progress: (m: string) => void): Promise<void> {
  for (const crd of crdSources()) {
    progress(`installing the ${crd.name} CRD`);
    await cp.kubectl(
      ["apply", "--server-side", "--field-manager=rafaga-verify", "-f", "-"],
      crd.yaml,
    );
  }
  await cp.kubectl(["wait", "--for=condition=Established", "crd", "--all", "--timeout=60s"]);
}
