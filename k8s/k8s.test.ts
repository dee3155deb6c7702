// Checks the rendered overlays for the mistakes the reference manifests made (SPEC section 3):
// references to Services that do not exist, one HTTP/2 connection pinned to one writer,
// two independent Valkeys behind one Service, no persistence. Run: bun test k8s/k8s.test.ts
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ensureSecrets } from "./secrets.ts";

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are checked field by field.
type Obj = Record<string, any>;

const k8sDir = import.meta.dir;
// The overlays read generated credentials; a fresh clone has none until this runs.
ensureSecrets();
const overlays = { weather: "weather", "black-friday": "black-friday" } as const;

/** kustomize, or kubectl's built-in copy of it; undefined when neither is installed. */
function kustomizeCommand(): string[] | undefined {
  const onPath = Bun.which("kustomize");
  if (onPath) return [onPath, "build"];
  const kubectl = Bun.which("kubectl");
  return kubectl ? [kubectl, "kustomize"] : undefined;
}

function parseDocs(text: string): Obj[] {
  return text
    .split(/^---\s*$/m)
    .map((doc) => Bun.YAML.parse(doc) as Obj | null)
    .filter((doc): doc is Obj => doc !== null && typeof doc === "object");
}

/**
 * Without kustomize, an approximation of its output: the base files, the overlay's own
 * resources, pipeline-config from both generators' literals, and the overlay namespace.
 */
function renderWithoutKustomize(overlay: string): Obj[] {
  const dir = join(k8sDir, "overlays", overlay);
  const own = parseDocs(readFileSync(join(dir, "kustomization.yaml"), "utf8"))[0] as Obj;
  const base = parseDocs(
    readFileSync(join(k8sDir, "base", "kustomization.yaml"), "utf8"),
  )[0] as Obj;
  const docs: Obj[] = [];
  for (const file of base.resources as string[])
    docs.push(...parseDocs(readFileSync(join(k8sDir, "base", file), "utf8")));
  for (const file of own.resources as string[])
    if (!file.startsWith("../")) docs.push(...parseDocs(readFileSync(join(dir, file), "utf8")));
  const literals = (kustomization: Obj, name: string) =>
    ((kustomization.configMapGenerator ?? []) as Obj[])
      .filter((g) => g.name === name)
      .flatMap((g) => (g.literals ?? []) as string[]);
  const data: Record<string, string> = {};
  for (const literal of [
    ...literals(base, "pipeline-config"),
    ...literals(own, "pipeline-config"),
  ]) {
    const at = literal.indexOf("=");
    data[literal.slice(0, at)] = literal.slice(at + 1);
  }
  docs.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "pipeline-config" }, data });
  for (const g of (base.secretGenerator ?? []) as Obj[]) {
    const stringData: Record<string, string> = {};
    for (const file of g.envs as string[])
      for (const line of readFileSync(join(k8sDir, "base", file), "utf8").split("\n")) {
        const at = line.indexOf("=");
        if (at > 0) stringData[line.slice(0, at)] = line.slice(at + 1);
      }
    docs.push({ apiVersion: "v1", kind: "Secret", metadata: { name: g.name }, stringData });
  }
  for (const [name, file] of [
    ["grafana-datasources", "base/grafana/datasources.yaml"],
    ["grafana-dashboard-provider", "base/grafana/dashboards.yaml"],
  ] as const) {
    const key = file.split("/").pop() as string;
    docs.push({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name },
      data: { [key]: readFileSync(join(k8sDir, file), "utf8") },
    });
  }
  docs.push({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "grafana-dashboards" },
    data: { [`${overlay}.json`]: readFileSync(join(dir, "dashboards", `${overlay}.json`), "utf8") },
  });
  for (const doc of docs) if (doc.kind !== "Namespace") doc.metadata.namespace = own.namespace;
  return docs;
}

function render(overlay: string): { docs: Obj[]; by: "kustomize" | "raw files" } {
  const kustomize = kustomizeCommand();
  if (!kustomize) return { docs: renderWithoutKustomize(overlay), by: "raw files" };
  const built = Bun.spawnSync([...kustomize, join(k8sDir, "overlays", overlay)]);
  if (built.exitCode !== 0) throw new Error(`kustomize build failed: ${built.stderr.toString()}`);
  return { docs: parseDocs(built.stdout.toString()), by: "kustomize" };
}

const named = (docs: Obj[], kind: string) =>
  new Map(docs.filter((d) => d.kind === kind).map((d) => [d.metadata.name as string, d]));

/** kustomize appends a content hash to generated ConfigMaps: match on the generator name. */
const generated = (docs: Obj[], kind: string, name: string): Obj | undefined =>
  docs.find(
    (d) =>
      d.kind === kind &&
      (d.metadata.name === name || new RegExp(`^${name}-[a-z0-9]{10}$`).test(d.metadata.name)),
  );

const workloads = (docs: Obj[]) =>
  docs.filter((d) => d.kind === "Deployment" || d.kind === "StatefulSet");

const containersOf = (workload: Obj): Obj[] => [
  ...(workload.spec.template.spec.initContainers ?? []),
  ...workload.spec.template.spec.containers,
];

const secretValue = (secret: Obj, key: string): string | undefined =>
  secret.stringData?.[key] ??
  (secret.data?.[key] ? Buffer.from(secret.data[key], "base64").toString() : undefined);

/** Every (variable, value) a container sees from env and envFrom. */
function environmentOf(docs: Obj[], container: Obj): [string, string][] {
  const out: [string, string][] = [];
  const configMap = (name: string) =>
    docs.find((d) => d.kind === "ConfigMap" && d.metadata.name === name);
  const secret = (name: string) =>
    docs.find((d) => d.kind === "Secret" && d.metadata.name === name);
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = configMap(from.configMapRef.name);
      for (const [k, v] of Object.entries(cm?.data ?? {})) out.push([k, String(v)]);
    }
    if (from.secretRef) {
      const s = secret(from.secretRef.name);
      for (const k of Object.keys({ ...s?.stringData, ...s?.data }))
        out.push([k, secretValue(s as Obj, k) as string]);
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) out.push([e.name, String(e.value)]);
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (ref) {
      const holder = e.valueFrom.secretKeyRef ? secret(ref.name) : configMap(ref.name);
      const value = holder ? secretValue(holder, ref.key) : undefined;
      if (value !== undefined) out.push([e.name, value]);
    }
  }
  return out;
}

interface Endpoint {
  variable: string;
  host: string;
  port: number;
  dnsTarget: boolean;
}

/** Hosts in ROUTER_TARGETS, *_WRITER_TARGETS, KAFKA_BROKERS, AMQP_URL, VALKEY_URL, ... */
function endpointsIn(variable: string, value: string): Endpoint[] {
  if (!/(_TARGETS|_BROKERS|_URL)$/.test(variable)) return [];
  return value.split(",").map((raw) => {
    const dnsTarget = raw.startsWith("dns:///");
    const hostPort = raw
      .replace(/^dns:\/\//, "")
      .replace(/^\/+/, "")
      .replace(/^[a-z]+:\/\//, "")
      .replace(/^[^@/]*@/, "")
      .replace(/\/.*$/, "");
    const match = /^([^:]+):(\d+)$/.exec(hostPort);
    if (!match) throw new Error(`${variable}: cannot read host:port from ${raw}`);
    return { variable, host: match[1] as string, port: Number(match[2]), dnsTarget };
  });
}

const hpaSpec: Record<string, { min: number; max: number; cpu?: number }> = {
  ingest: { min: 1, max: 3, cpu: 30 },
  router: { min: 1, max: 3, cpu: 50 },
  "writer-kafka": { min: 1, max: 2 },
  "writer-rabbitmq": { min: 1, max: 2 },
};
/** The consumers scale on what they are behind (KEDA): each trigger's type, in order. */
const scaledObjectSpec: Record<string, { min: number; max: number; triggers: string[] }> = {
  "consumer-kafka": { min: 1, max: 6, triggers: ["kafka", "kafka", "cpu"] },
  "consumer-rabbitmq": { min: 1, max: 4, triggers: ["rabbitmq", "cpu"] },
};
/** Every pipeline tier, however scaled. */
const tiers = [...Object.keys(hpaSpec), ...Object.keys(scaledObjectSpec)];

for (const [overlay, namespace] of Object.entries(overlays)) {
  describe(`overlay ${overlay}`, () => {
    const { docs, by } = render(overlay);
    const services = named(docs, "Service");
    const deployments = named(docs, "Deployment");
    const kafkaClusters = [...named(docs, "Kafka").keys()];

    /** The Service a host names, or Strimzi's bootstrap Service of a Kafka CR. */
    function resolve(host: string): { service?: Obj; strimzi?: string } {
      const parts = host.split(".");
      if (parts.length > 1) {
        expect(`${host} in namespace ${parts[1]}`).toBe(`${host} in namespace ${namespace}`);
        expect(parts.slice(2).join(".")).toBe("svc.cluster.local");
      }
      const name = parts[0] as string;
      const strimzi = kafkaClusters.find((c) => `${c}-kafka-bootstrap` === name);
      return { service: services.get(name), ...(strimzi ? { strimzi } : {}) };
    }

    test(`renders (${by})`, () => {
      expect(docs.length).toBeGreaterThan(20);
      for (const doc of docs)
        if (doc.kind !== "Namespace") expect(doc.metadata.namespace).toBe(namespace);
    });

    test("every host in an env var is a Service of this overlay, on a port it serves", () => {
      const seen = new Set<string>();
      for (const workload of workloads(docs)) {
        for (const container of containersOf(workload)) {
          for (const [variable, value] of environmentOf(docs, container)) {
            for (const endpoint of endpointsIn(variable, value)) {
              seen.add(variable);
              const { service, strimzi } = resolve(endpoint.host);
              const where = `${workload.metadata.name} ${variable}=${value}`;
              if (strimzi) {
                const kafka = named(docs, "Kafka").get(strimzi) as Obj;
                const ports = (kafka.spec.kafka.listeners as Obj[]).map((l) => l.port);
                expect(ports, where).toContain(endpoint.port);
                continue;
              }
              expect(service, `${where}: no Service ${endpoint.host}`).toBeDefined();
              const ports = ((service?.spec.ports ?? []) as Obj[]).map((p) => p.port);
              expect(ports, where).toContain(endpoint.port);
              // A dns:/// target is resolved to every pod only through a headless Service.
              if (endpoint.dnsTarget) expect(service?.spec.clusterIP, where).toBe("None");
            }
          }
        }
      }
      for (const variable of [
        "ROUTER_TARGETS",
        "KAFKA_WRITER_TARGETS",
        "RABBITMQ_WRITER_TARGETS",
        "KAFKA_BROKERS",
        "AMQP_URL",
        "VALKEY_URL",
      ])
        expect(seen).toContain(variable);
    });

    test("ConfigMaps, Secrets, governing Services and Ingress backends exist", () => {
      for (const workload of workloads(docs)) {
        const spec = workload.spec.template.spec;
        for (const volume of spec.volumes ?? [])
          if (volume.configMap)
            expect(generated(docs, "ConfigMap", volume.configMap.name)).toBeDefined();
        for (const container of containersOf(workload)) {
          for (const from of container.envFrom ?? []) {
            if (from.configMapRef)
              expect(generated(docs, "ConfigMap", from.configMapRef.name)).toBeDefined();
            if (from.secretRef)
              expect(generated(docs, "Secret", from.secretRef.name)).toBeDefined();
          }
          for (const e of container.env ?? []) {
            const ref = e.valueFrom?.secretKeyRef;
            if (ref)
              expect(secretValue(generated(docs, "Secret", ref.name) ?? {}, ref.key)).toBeTruthy();
          }
        }
        if (workload.kind === "StatefulSet") {
          const governing = services.get(workload.spec.serviceName);
          expect(governing, `${workload.metadata.name} serviceName`).toBeDefined();
          expect(governing?.spec.clusterIP).toBe("None");
        }
      }
      const datasources = generated(docs, "ConfigMap", "grafana-datasources") as Obj;
      const source = Bun.YAML.parse(datasources.data["datasources.yaml"]) as Obj;
      for (const ds of source.datasources as Obj[]) {
        expect(ds.type).toBe("redis-datasource");
        for (const e of endpointsIn("DATASOURCE_URL", ds.url))
          expect(resolve(e.host).service, ds.url).toBeDefined();
      }
      const paths: string[] = [];
      for (const ingress of named(docs, "Ingress").values()) {
        expect(ingress.spec.ingressClassName).toBe("nginx");
        for (const rule of ingress.spec.rules)
          for (const path of rule.http.paths) {
            paths.push(path.path);
            const service = services.get(path.backend.service.name);
            expect(service, path.path).toBeDefined();
            const portNames = ((service?.spec.ports ?? []) as Obj[]).map((p) => p.name);
            expect(portNames).toContain(path.backend.service.port.name);
          }
      }
      // Each system on its own host, so both can share a cluster and one Ingress controller.
      const hosts = [...named(docs, "Ingress").values()].flatMap((i) =>
        (i.spec.rules as Obj[]).map((r) => r.host),
      );
      expect(hosts).toEqual([`${overlay}.rafaga.local`]);
      expect(paths).toEqual([overlay === "weather" ? "/api/tweets" : "/purchase"]);
    });

    test("writer Services are headless and select their Deployment's pods", () => {
      for (const name of ["writer-kafka", "writer-rabbitmq"]) {
        const service = services.get(name) as Obj;
        expect(service, name).toBeDefined();
        expect(service.spec.clusterIP).toBe("None");
        const labels = deployments.get(name)?.spec.template.metadata.labels ?? {};
        for (const [k, v] of Object.entries(service.spec.selector)) expect(labels[k]).toBe(v);
      }
    });

    test("Valkey is one StatefulSet replica with a volume claim and the append-only file", () => {
      const valkeys = workloads(docs).filter((w) =>
        containersOf(w).some((c) => String(c.image).startsWith("valkey/")),
      );
      expect(valkeys.map((w) => `${w.kind}/${w.metadata.name}`)).toEqual(["StatefulSet/valkey"]);
      const valkey = valkeys[0] as Obj;
      expect(valkey.spec.replicas).toBe(1);
      expect(valkey.spec.volumeClaimTemplates).toHaveLength(1);
      const container = valkey.spec.template.spec.containers[0];
      const mounts = (container.volumeMounts as Obj[]).map((m) => m.name);
      expect(mounts).toContain(valkey.spec.volumeClaimTemplates[0].metadata.name);
      const commandLine = [...container.args, ...(container.command ?? [])].join(" ");
      expect(commandLine).toContain("--appendonly yes");
      // everysec may reply before the AOF write; a restarted pod would lose acked counts.
      expect(commandLine).toContain("--appendfsync no");
      expect(named(docs, "HorizontalPodAutoscaler").has("valkey")).toBe(false);
    });

    test("RabbitMQ keeps its data on a volume claim", () => {
      const rabbit = named(docs, "StatefulSet").get("rabbitmq") as Obj;
      expect(rabbit.spec.replicas).toBe(1);
      expect(rabbit.spec.volumeClaimTemplates).toHaveLength(1);
    });

    test("each HPA targets an existing Deployment with SPEC section 4's bounds", () => {
      const hpas = named(docs, "HorizontalPodAutoscaler");
      expect([...hpas.keys()].sort()).toEqual(Object.keys(hpaSpec).sort());
      for (const [name, want] of Object.entries(hpaSpec)) {
        const hpa = hpas.get(name) as Obj;
        const target = hpa.spec.scaleTargetRef;
        expect(target.kind).toBe("Deployment");
        const deployment = deployments.get(target.name);
        expect(deployment, `${name} targets ${target.name}`).toBeDefined();
        // A fixed replicas field would be reset by every kubectl apply, fighting the HPA.
        expect(deployment?.spec.replicas).toBeUndefined();
        expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([want.min, want.max]);
        const cpu = (hpa.spec.metrics as Obj[]).find((m) => m.resource?.name === "cpu");
        expect(cpu?.resource.target.type).toBe("Utilization");
        if (want.cpu) expect(cpu?.resource.target.averageUtilization).toBe(want.cpu);
      }
    });

    test("KEDA scales the consumers on their lag and queue depth, never past the partitions", () => {
      const scaled = named(docs, "ScaledObject");
      expect([...scaled.keys()].sort()).toEqual(Object.keys(scaledObjectSpec).sort());
      const config = generated(docs, "ConfigMap", "pipeline-config")?.data as Record<
        string,
        string
      >;
      const partitions = new Map(
        [...named(docs, "KafkaTopic").values()].map((t) => [
          t.spec.topicName ?? t.metadata.name,
          t.spec.partitions,
        ]),
      );
      const groups = new Map([
        [config.WEATHER_DESTINATION, "weather-group"],
        [config.SALES_DESTINATION, "black-friday-group"],
      ]);
      for (const [name, want] of Object.entries(scaledObjectSpec)) {
        const so = scaled.get(name) as Obj;
        expect(so.spec.scaleTargetRef.name).toBe(name);
        expect(deployments.get(name)?.spec.replicas).toBeUndefined();
        expect(named(docs, "HorizontalPodAutoscaler").has(name)).toBe(false);
        expect([so.spec.minReplicaCount, so.spec.maxReplicaCount]).toEqual([want.min, want.max]);
        const triggers = so.spec.triggers as Obj[];
        expect(triggers.map((t) => t.type)).toEqual(want.triggers);
        const behavior = so.spec.advanced.horizontalPodAutoscalerConfig.behavior;
        expect(behavior.scaleUp.stabilizationWindowSeconds).toBe(0);
        expect(behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(60);
        for (const t of triggers.filter((x) => x.type === "kafka")) {
          // The group and topic the consumers really use, and no more replicas than partitions.
          expect(t.metadata.consumerGroup).toBe(groups.get(t.metadata.topic));
          expect(t.metadata.bootstrapServers).toBe(config.KAFKA_BROKERS);
          expect(so.spec.maxReplicaCount).toBeLessThanOrEqual(partitions.get(t.metadata.topic));
          expect(Number(t.metadata.lagThreshold)).toBeGreaterThan(0);
        }
        for (const t of triggers.filter((x) => x.type === "rabbitmq")) {
          expect(t.metadata.queueName).toBe(config.WEATHER_DESTINATION);
          const auth = named(docs, "TriggerAuthentication").get(t.authenticationRef.name) as Obj;
          const ref = (auth.spec.secretTargetRef as Obj[])[0] as Obj;
          expect(ref.parameter).toBe("host");
          const secret = docs.find(
            (d) => d.kind === "Secret" && d.metadata.name === ref.name,
          ) as Obj;
          expect(secretValue(secret, ref.key)).toMatch(/^amqp:\/\//);
        }
      }
    });

    test("every container requests CPU and memory; pipeline tiers have probes and drain time", () => {
      for (const workload of workloads(docs)) {
        const spec = workload.spec.template.spec;
        expect(spec.terminationGracePeriodSeconds ?? 30).toBeGreaterThanOrEqual(30);
        // None of them calls the Kubernetes API: no service-account token mounted.
        expect(spec.automountServiceAccountToken, workload.metadata.name).toBe(false);
        for (const container of containersOf(workload)) {
          const where = `${workload.metadata.name}/${container.name}`;
          expect(container.resources?.requests?.cpu, where).toBeDefined();
          expect(container.resources?.requests?.memory, where).toBeDefined();
          expect(container.readinessProbe, where).toBeDefined();
          expect(container.livenessProbe, where).toBeDefined();
        }
      }
      for (const name of tiers) {
        const container = deployments.get(name)?.spec.template.spec.containers[0];
        expect(container?.securityContext?.readOnlyRootFilesystem, name).toBe(true);
      }
      for (const name of tiers) {
        const pod = deployments.get(name)?.spec.template as Obj;
        const container = pod.spec.containers[0];
        const ports = new Map((container.ports as Obj[]).map((p) => [p.name, p.containerPort]));
        // Ingest and router stay in their Services while some route works.
        const readiness = name === "ingest" || name === "router" ? "/readyz/traffic" : "/readyz";
        expect(container.readinessProbe.httpGet.path, name).toBe(readiness);
        expect(container.livenessProbe.httpGet.path).toBe("/healthz");
        expect(ports.has(container.readinessProbe.httpGet.port), name).toBe(true);
        expect(pod.metadata.annotations["prometheus.io/scrape"]).toBe("true");
        expect(Number(pod.metadata.annotations["prometheus.io/port"])).toBe(
          ports.get(container.readinessProbe.httpGet.port),
        );
      }
    });

    test("every Bun container has a memory limit and tells Bun's heap about it", () => {
      // Bun sizes its heap by the node's RAM: a Kafka consumer draining a backlog of
      // 1,000,000 reports was OOM-killed in a 512 MiB cgroup without this (README, Kubernetes).
      let bunContainers = 0;
      for (const workload of workloads(docs))
        for (const container of containersOf(workload)) {
          if (!String(container.image).includes("rafaga-bun")) continue;
          bunContainers++;
          const where = `${workload.metadata.name}/${container.name}`;
          expect(container.resources?.limits?.memory, where).toBeDefined();
          const heap = (container.env as Obj[]).find((e) => e.name === "BUN_JSC_forceRAMSize");
          expect(heap?.valueFrom?.resourceFieldRef, where).toEqual({ resource: "limits.memory" });
        }
      expect(bunContainers).toBe(6);
    });

    test("a PodMonitor scrapes /metrics of every pod that serves it, on a port the pod names", () => {
      const monitors = [...named(docs, "PodMonitor").values()];
      const scraped = (pod: Obj): string[] =>
        monitors.flatMap((monitor) => {
          const { matchLabels = {}, matchExpressions = [] } = monitor.spec.selector;
          const labels = pod.metadata.labels ?? {};
          const selects =
            Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
            (matchExpressions as Obj[]).every(
              (e) => e.operator === "In" && (e.values as string[]).includes(labels[e.key]),
            );
          if (!selects) return [];
          const ports = new Set(
            (pod.spec.containers as Obj[]).flatMap((c) => (c.ports ?? []).map((p: Obj) => p.name)),
          );
          return (monitor.spec.podMetricsEndpoints as Obj[])
            .filter((e) => ports.has(e.port) && e.path === "/metrics")
            .map((e) => `${monitor.metadata.name}:${e.port}`);
        });
      for (const workload of workloads(docs)) {
        const pod = workload.spec.template;
        if (pod.metadata.annotations?.["prometheus.io/scrape"] !== "true") continue;
        const port = Number(pod.metadata.annotations["prometheus.io/port"]);
        const named = (pod.spec.containers as Obj[])
          .flatMap((c) => c.ports ?? [])
          .find((p: Obj) => p.containerPort === port)?.name;
        expect(scraped(pod), workload.metadata.name).toEqual([
          expect.stringContaining(`:${named}`),
        ]);
      }
    });

    test("network policies deny by default and allow exactly the pipeline's connections", () => {
      const policies = [...named(docs, "NetworkPolicy").values()];
      const podLabels = (name: string): Record<string, string> => {
        const workload = workloads(docs).find((w) => w.metadata.name === name);
        return (workload?.spec.template.metadata.labels ?? {}) as Record<string, string>;
      };
      const selects = (selector: Obj | undefined, labels: Record<string, string>) =>
        Object.entries((selector?.matchLabels ?? {}) as Record<string, string>).every(
          ([k, v]) => labels[k] === v,
        ) &&
        ((selector?.matchExpressions ?? []) as Obj[]).every(
          (e) => e.operator === "In" && (e.values as string[]).includes(labels[e.key] ?? ""),
        );
      /** Does some policy let `client` (undefined: anyone) reach `server` on its port `port`? */
      const allows = (server: string, client: string | undefined, port: string) =>
        policies.some(
          (p) =>
            selects(p.spec.podSelector, podLabels(server)) &&
            ((p.spec.ingress ?? []) as Obj[]).some(
              (rule) =>
                ((rule.ports ?? []) as Obj[]).some((x) => x.port === port) &&
                (rule.from === undefined ||
                  (client !== undefined &&
                    (rule.from as Obj[]).some(
                      (f) => f.podSelector && selects(f.podSelector, podLabels(client)),
                    ))),
            ),
        );
      const deny = policies.find(
        (p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && p.spec.ingress === undefined,
      );
      expect(deny?.spec.policyTypes).toEqual(["Ingress"]);
      const needed: [string, string | undefined, string][] = [
        ["ingest", undefined, "http"],
        ["grafana", undefined, "http"],
        ["router", "ingest", "grpc"],
        ["writer-kafka", "router", "grpc"],
        ["writer-rabbitmq", "router", "grpc"],
        ["rabbitmq", "writer-rabbitmq", "amqp"],
        ["rabbitmq", "consumer-rabbitmq", "amqp"],
        ["valkey", "consumer-kafka", "valkey"],
        ["valkey", "consumer-rabbitmq", "valkey"],
        ["valkey", "grafana", "valkey"],
      ];
      for (const [server, client, port] of needed) {
        expect({ server, client, port, allowed: allows(server, client, port) }).toEqual({
          server,
          client,
          port,
          allowed: true,
        });
      }
      // And not more: a consumer cannot reach the router, a writer cannot reach Valkey, and
      // Valkey is open to no one else.
      expect(allows("router", "consumer-kafka", "grpc")).toBe(false);
      expect(allows("valkey", "writer-kafka", "valkey")).toBe(false);
      expect(allows("valkey", undefined, "valkey")).toBe(false);
    });

    test("every HPA scales up at once and down slowly; images and Grafana plugins carry versions", () => {
      for (const hpa of named(docs, "HorizontalPodAutoscaler").values()) {
        const behavior = hpa.spec.behavior as Obj;
        expect(behavior?.scaleUp?.stabilizationWindowSeconds, hpa.metadata.name).toBe(0);
        expect(
          behavior?.scaleDown?.stabilizationWindowSeconds,
          hpa.metadata.name,
        ).toBeGreaterThanOrEqual(60);
      }
      const base = parseDocs(
        readFileSync(join(k8sDir, "base", "kustomization.yaml"), "utf8"),
      )[0] as Obj;
      const ours = new Map((base.images as Obj[]).map((i) => [i.name, i.newTag]));
      for (const workload of workloads(docs)) {
        for (const container of containersOf(workload)) {
          const image = String(container.image);
          const [name, tag] = image.includes(":") ? image.split(":") : [image, ours.get(image)];
          // A version with at least major.minor: a restarted pod runs what the others run.
          expect({ name, tag: /^\d+\.\d+/.test(String(tag)) }).toEqual({ name, tag: true });
          // Plugins Grafana downloads at start-up, each as "<id> <version>" (its run.sh
          // passes the entry to `grafana cli plugins install` as two arguments).
          const plugins = (container.env as Obj[] | undefined)?.find(
            (e) => e.name === "GF_INSTALL_PLUGINS",
          );
          for (const plugin of plugins ? String(plugins.value).split(",") : [])
            expect(plugin).toMatch(/^[a-z0-9-]+ \d+\.\d+\.\d+$/);
        }
      }
    });

    test("pipeline tiers: a disruption budget, spread over nodes, a startup probe, preStop past DNS", () => {
      const budgets = [...named(docs, "PodDisruptionBudget").values()];
      for (const name of tiers) {
        const pod = deployments.get(name)?.spec.template as Obj;
        const labels = pod.metadata.labels as Record<string, string>;
        const selects = (selector: Obj) =>
          Object.entries(selector.matchLabels as Record<string, string>).every(
            ([k, v]) => labels[k] === v,
          );
        const budget = budgets.filter((b) => selects(b.spec.selector));
        expect({ name, budgets: budget.map((b) => b.spec.maxUnavailable) }).toEqual({
          name,
          budgets: [1],
        });
        const spread = (pod.spec.topologySpreadConstraints ?? []) as Obj[];
        expect(
          spread.some(
            (c) => c.topologyKey === "kubernetes.io/hostname" && selects(c.labelSelector),
          ),
          name,
        ).toBe(true);
        const container = pod.spec.containers[0];
        const ports = new Set((container.ports as Obj[]).map((p) => p.name));
        expect(container.startupProbe?.httpGet?.path, name).toBe("/healthz");
        expect(ports.has(container.startupProbe.httpGet.port), name).toBe(true);
        // The gRPC clients re-resolve every 10 s and cluster DNS records live 5 s; the tier
        // then drains for up to 15 s, all within the grace period.
        const [, seconds] = container.lifecycle.preStop.exec.command as string[];
        expect(Number(seconds), name).toBeGreaterThan(10 + 5);
        expect(Number(seconds) + 15, name).toBeLessThanOrEqual(
          pod.spec.terminationGracePeriodSeconds,
        );
      }
    });

    test("Kafka is a Strimzi KRaft cluster with the topics the pipeline uses", () => {
      // Strimzi 1.0 and later serve only kafka.strimzi.io/v1: v1beta2 objects fail to apply.
      const strimzi = docs.filter((d) => String(d.apiVersion).startsWith("kafka.strimzi.io/"));
      expect(strimzi.length).toBeGreaterThanOrEqual(6);
      for (const d of strimzi)
        expect(`${d.kind} ${d.apiVersion}`).toBe(`${d.kind} kafka.strimzi.io/v1`);
      const pools = [...named(docs, "KafkaNodePool").values()];
      expect(pools).toHaveLength(1);
      const pool = pools[0] as Obj;
      expect(kafkaClusters).toContain(pool.metadata.labels["strimzi.io/cluster"]);
      expect(pool.spec.roles.sort()).toEqual(["broker", "controller"]);
      expect(pool.spec.replicas).toBeGreaterThanOrEqual(1);
      expect(pool.spec.replicas).toBeLessThanOrEqual(3);
      const topics = new Map(
        [...named(docs, "KafkaTopic").values()].map((t) => [
          t.spec.topicName ?? t.metadata.name,
          t.spec.partitions,
        ]),
      );
      expect(Object.fromEntries(topics)).toEqual({
        "weather-tweets": 6,
        "sales-topic": 6,
        "weather-tweets.dlq": 1,
        "sales-topic.dlq": 1,
      });
    });

    test("Grafana gets this system's dashboard", () => {
      const dashboards = generated(docs, "ConfigMap", "grafana-dashboards") as Obj;
      const files = Object.keys(dashboards.data);
      expect(files).toEqual([`${overlay}.json`]);
      const dashboard = JSON.parse(dashboards.data[files[0] as string]);
      const text = JSON.stringify(dashboard.panels);
      const keys =
        overlay === "weather"
          ? ["weather:$municipality:sunny", "weather_totals", "weather_latest", "weather_stats:"]
          : [
              "contador:",
              "promedio_productos:",
              "promedio_precio_tag:",
              "precio_max_global",
              "precio_min_global",
              "ZREVRANGE ranking_productos",
              "ZRANGE ranking_productos",
              "stream_precio_producto_unico:",
            ];
      for (const key of keys) expect(text).toContain(key);
      for (const panel of dashboard.panels) expect(panel.datasource.type).toBe("redis-datasource");
    });
  });
}

for (const overlay of Object.keys(overlays))
  test(`${overlay}-production: three Kafka nodes, every write on two of three, two API pods at least; nothing else changed`, () => {
    if (!kustomizeCommand()) throw new Error("rendering a component needs kustomize or kubectl");
    const base = render(overlay).docs;
    const production = render(`${overlay}-production`).docs;
    const one = (docs: Obj[], kind: string, name: string) => named(docs, kind).get(name) as Obj;
    expect(one(production, "KafkaNodePool", "dual-role").spec.replicas).toBe(3);
    expect(one(production, "Kafka", "rafaga").spec.kafka.config).toMatchObject({
      "default.replication.factor": 3,
      "min.insync.replicas": 2,
      "offsets.topic.replication.factor": 3,
      "transaction.state.log.replication.factor": 3,
      "transaction.state.log.min.isr": 2,
    });
    const topics = [...named(production, "KafkaTopic").values()];
    expect(topics.length).toBeGreaterThan(0);
    for (const t of topics) expect(t.spec.replicas, t.metadata.name).toBe(3);
    for (const name of ["ingest", "router"])
      expect(one(production, "HorizontalPodAutoscaler", name).spec.minReplicas).toBe(2);
    // The rest is the overlay it builds on, object for object.
    const key = (d: Obj) => `${d.kind}/${d.metadata.name}`;
    expect(production.map(key).sort()).toEqual(base.map(key).sort());
    const sized = new Set(["KafkaNodePool", "Kafka", "KafkaTopic", "HorizontalPodAutoscaler"]);
    for (const d of production.filter((x) => !sized.has(x.kind)))
      expect(d, key(d)).toEqual(base.find((b) => key(b) === key(d)) as Obj);
  });

test("no credential is committed: Valkey, RabbitMQ and Grafana read generated Secrets; Valkey requires its password", () => {
  const docs = render("weather").docs;
  const secrets = docs.filter((d) => d.kind === "Secret");
  expect(secrets.map((d) => d.metadata.name).sort()).toEqual([
    "grafana-admin",
    "rabbitmq-credentials",
    "valkey-auth",
  ]);
  // Every Secret comes from the generator, none from a committed manifest.
  const committed = Bun.spawnSync(["git", "grep", "-l", "^kind: Secret", "--", "k8s"], {
    cwd: join(k8sDir, ".."),
  });
  expect(committed.stdout.toString().trim()).toBe("");
  const password = secretValue(generated(docs, "Secret", "valkey-auth") as Obj, "VALKEY_PASSWORD");
  expect(password).toMatch(/^[0-9a-f]{36}$/);
  const valkey = named(docs, "StatefulSet").get("valkey") as Obj;
  const server = valkey.spec.template.spec.containers[0];
  expect(server.args.join(" ")).toContain("--requirepass $(VALKEY_PASSWORD)");
  // Everyone who talks to Valkey has the password.
  for (const name of ["consumer-kafka", "consumer-rabbitmq"]) {
    const container = named(docs, "Deployment").get(name)?.spec.template.spec.containers[0];
    const env = new Map(environmentOf(docs, container));
    expect(env.get("VALKEY_URL"), name).toBe("redis://:$(VALKEY_PASSWORD)@valkey:6379");
    expect(env.get("VALKEY_PASSWORD"), name).toBe(password);
  }
  const rabbit = generated(docs, "Secret", "rabbitmq-credentials") as Obj;
  const rabbitPassword = secretValue(rabbit, "RABBITMQ_DEFAULT_PASS");
  expect(rabbitPassword).not.toBe("rafaga");
  expect(secretValue(rabbit, "AMQP_URL")).toBe(`amqp://rafaga:${rabbitPassword}@rabbitmq:5672`);
  expect(
    secretValue(generated(docs, "Secret", "grafana-admin") as Obj, "GF_SECURITY_ADMIN_PASSWORD"),
  ).not.toBe("rafaga");
});
