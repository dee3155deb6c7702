import { egressReachesDependencies, labelSelectorMatches } from "./egress-check.ts";

/**
 * What k8s:verify checks on the objects the API server stored (after its defaulting), per
 * namespace: the things a manifest can get wrong that the server itself accepts.
 */
// biome-ignore lint/suspicious/noExplicitAny: objects as the API server returns them.
export type Obj = Record<string, any>;

export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
}

/** The paths the rafaga tiers serve besides their API (core's metrics server, ingest). */
const TIER_PATHS = new Set(["/readyz", "/readyz/traffic", "/healthz", "/metrics"]);
const ownImage = (image: string) => image.startsWith("registry.local/rafaga-");

const workloadsOf = (objects: Obj[]) =>
  objects.filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet");

/** A Service's selector (plain labels); one without any selects nothing here. */
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.keys(selector ?? {}).length > 0 && labelSelectorMatches({ matchLabels: selector }, labels);

function finding(check: string, failures: string[], okDetail: string): Finding {
  return failures.length === 0
    ? { check, ok: true, detail: okDetail }
    : { check, ok: false, detail: failures.join("; ") };
}

/** Each Deployment without a replica count is scaled by an HPA or ScaledObject, and only one. */
export function scaledDeployments(objects: Obj[]): Finding {
  const scalers = objects.filter(
    (o) => o.kind === "HorizontalPodAutoscaler" || o.kind === "ScaledObject",
  );
  const failures: string[] = [];
  const targetsOf = (name: string) =>
    scalers
      .filter((s) => s.spec.scaleTargetRef?.name === name)
      .map((s) => `${s.kind}/${s.metadata.name}`);
  for (const s of scalers) {
    const ref = s.spec.scaleTargetRef;
    const target = objects.find(
      (o) => o.kind === (ref?.kind ?? "Deployment") && o.metadata.name === ref?.name,
    );
    if (!target)
      failures.push(
        `${s.kind}/${s.metadata.name} targets ${ref?.kind}/${ref?.name}, which is not there`,
      );
  }
  let scaled = 0;
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    const by = targetsOf(d.metadata.name);
    if (by.length > 1)
      failures.push(`Deployment/${d.metadata.name} is scaled by ${by.join(" and ")}`);
    if (by.length === 1) scaled++;
    // A scaled Deployment must not be written with replicas (apply would reset the scaler's
    // count); the server defaults an absent count to 1, so read the last applied intent.
    const written = d.metadata.managedFields?.some(
      (f: Obj) => f.manager === "rafaga-verify" && f.fieldsV1?.["f:spec"]?.["f:replicas"],
    );
    if (by.length === 1 && written)
      failures.push(`Deployment/${d.metadata.name} sets replicas though ${by[0]} scales it`);
    if (by.length === 0 && !written)
      failures.push(`Deployment/${d.metadata.name} has neither replicas nor a scaler`);
  }
  return finding(
    "every Deployment is scaled by one HPA or ScaledObject, or sets replicas",
    failures,
    `${scaled} scaled, ${scalers.length} scalers`,
  );
}

/** Services, PDBs and NetworkPolicies select pods that the workloads here create. */
export function selectorsMatchPods(objects: Obj[]): Finding {
  const pods = workloadsOf(objects).map((w) => ({
    name: `${w.kind}/${w.metadata.name}`,
    labels: w.spec.template.metadata.labels ?? {},
    ports: (w.spec.template.spec.containers as Obj[]).flatMap((c) => c.ports ?? []) as Obj[],
  }));
  const failures: string[] = [];
  let checked = 0;
  for (const svc of objects.filter((o) => o.kind === "Service" && o.spec.selector)) {
    const matched = pods.filter((p) => selects(svc.spec.selector, p.labels));
    checked++;
    if (matched.length === 0) {
      failures.push(
        `Service/${svc.metadata.name} selects no pod (${JSON.stringify(svc.spec.selector)})`,
      );
      continue;
    }
    for (const port of svc.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      const served = matched.some((p) =>
        p.ports.some((cp) => cp.name === target || cp.containerPort === target),
      );
      if (!served)
        failures.push(
          `Service/${svc.metadata.name} port ${port.port} -> ${target}: no container port`,
        );
    }
  }
  for (const pdb of objects.filter((o) => o.kind === "PodDisruptionBudget")) {
    checked++;
    if (!pods.some((p) => labelSelectorMatches(pdb.spec.selector, p.labels)))
      failures.push(`PodDisruptionBudget/${pdb.metadata.name} selects no pod`);
  }
  return finding(
    "Services and PodDisruptionBudgets select pods that exist, on ports they declare",
    failures,
    `${checked} selectors`,
  );
}

/** Probes hit a declared port; the tiers' probes, paths their code serves. */
export function probesServed(objects: Obj[]): Finding {
  const failures: string[] = [];
  let probes = 0;
  for (const w of workloadsOf(objects)) {
    for (const c of w.spec.template.spec.containers as Obj[]) {
      for (const kind of ["readinessProbe", "livenessProbe", "startupProbe"]) {
        const get = c[kind]?.httpGet;
        if (!get) continue;
        probes++;
        const where = `${w.metadata.name}/${c.name} ${kind}`;
        const declared = (c.ports ?? []).some(
          (p: Obj) => p.name === get.port || p.containerPort === get.port,
        );
        if (!declared) failures.push(`${where}: port ${get.port} is not a container port`);
        if (ownImage(c.image) && !TIER_PATHS.has(get.path))
          failures.push(`${where}: ${get.path} is not served by the tiers`);
      }
    }
  }
  return finding(
    "HTTP probes hit declared ports and paths the tiers serve",
    failures,
    `${probes} probes`,
  );
}

/** Every container (init containers too) requests CPU and memory: the HPAs divide by it. */
export function requestsSet(objects: Obj[]): Finding {
  const failures: string[] = [];
  let containers = 0;
  for (const w of workloadsOf(objects)) {
    const spec = w.spec.template.spec;
    for (const c of [...(spec.initContainers ?? []), ...spec.containers] as Obj[]) {
      containers++;
      for (const r of ["cpu", "memory"])
        if (!c.resources?.requests?.[r])
          failures.push(`${w.metadata.name}/${c.name} requests no ${r}`);
    }
  }
  return finding("every container requests CPU and memory", failures, `${containers} containers`);
}

export const checks = [
  scaledDeployments,
  selectorsMatchPods,
  probesServed,
  requestsSet,
  egressReachesDependencies,
];
