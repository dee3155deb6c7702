import { afterAll, beforeAll, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type ControlPlane, startControlPlane } from "./control-plane.ts";
import { installCrds } from "./crds.ts";
import { formatReport, passed, verifyOverlay } from "./verify-overlay.ts";

/*
 * npm run k8s:verify as a test: the overlays against a real kube-apiserver, and broken
 * manifests that each check must catch. The first run on a machine builds kube-apiserver
 * (about 4 minutes on 2 cores; later builds reuse Go's build cache).
 */

let cp: ControlPlane;
const progress = (message: string) => console.log(`k8s-verify test: ${message}`);

beforeAll(async () => {
  cp = await startControlPlane(progress);
  await installCrds(cp, progress);
}, 900_000);

afterAll(() => cp?.stop(), 30_000);

for (const overlay of readdirSync(join(import.meta.dir, "..", "overlays")).sort())
  test(`overlay ${overlay}: accepted by the API server, no warning, every check passes`, async () => {
    const report = await verifyOverlay(cp, overlay);
    console.log(formatReport(report));
    expect(report.applied.Deployment).toBeGreaterThan(0);
    expect(report.applied.Kafka).toBe(1);
    expect(passed(report)).toBe(true);
  }, 60_000);

const tier = (
  name: string,
  extra: { image?: string; securityContext?: object; probePath?: string } = {},
) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: main
          image: ${extra.image ?? "registry.local/rafaga-bun:0.1.0"}
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe: { httpGet: { path: ${extra.probePath ?? "/readyz"}, port: http } }
          securityContext: ${JSON.stringify(extra.securityContext ?? { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } })}
`;

async function verifyBroken(namespace: string, docs: string[]) {
  const source = [
    `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${namespace} }\n`,
    ...docs,
  ].join("---\n");
  return verifyOverlay(cp, namespace, source);
}

test("each check fails on the manifest it guards against", async () => {
  const report = await verifyBroken("broken-manifests", [
    // No replicas and no scaler; no requests; a probe on a path no tier serves.
    tier("unscaled", { probePath: "/status" }),
    `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ghost }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: not-there }
  minReplicas: 1
  maxReplicas: 2
`,
    `apiVersion: v1
kind: Service
metadata: { name: nobody }
spec:
  selector: { app: nobody }
  ports: [{ port: 80, targetPort: http }]
`,
  ]);
  console.log(formatReport(report));
  const failed = report.findings.filter((f) => !f.ok).map((f) => f.detail);
  expect(failed.join("\n")).toContain("targets Deployment/not-there, which is not there");
  expect(failed.join("\n")).toContain("Deployment/unscaled has neither replicas nor a scaler");
  expect(failed.join("\n")).toContain("Service/nobody selects no pod");
  expect(failed.join("\n")).toContain("/status is not served by the tiers");
  expect(failed.join("\n")).toContain("unscaled/main requests no cpu");
  expect(passed(report)).toBe(false);
}, 60_000);

test("a pod template that Pod Security 'restricted' refuses shows as a warning", async () => {
  const report = await verifyBroken("broken-pod-security", [
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: escalating }
spec:
  replicas: 1
  selector: { matchLabels: { app: escalating } }
  template:
    metadata: { labels: { app: escalating } }
    spec:
      containers:
        - name: main
          image: registry.local/rafaga-bun:0.1.0
          resources: { requests: { cpu: 10m, memory: 16Mi } }
          # Allowed by the API, refused by "restricted": root may run, privileges may grow.
          securityContext: { allowPrivilegeEscalation: true }
`,
  ]);
  expect(report.warnings.join("\n")).toContain("restricted");
  expect(passed(report)).toBe(false);
}, 60_000);
