import type { Finding, Obj } from "./checks.ts";

/**
 * The variables through which each tier reaches another service (its configuration names
 * the address): what its egress NetworkPolicies must allow, and all they need to.
 */
const CONNECTS_THROUGH: Record<string, string[]> = {
  ingest: ["ROUTER_TARGETS"],
  router: ["KAFKA_WRITER_TARGETS", "RABBITMQ_WRITER_TARGETS"],
  "writer-kafka": ["KAFKA_BROKERS"],
  "writer-rabbitmq": ["AMQP_URL"],
  "consumer-kafka": ["KAFKA_BROKERS", "VALKEY_URL"],
  "consumer-rabbitmq": ["AMQP_URL", "VALKEY_URL"],
};

type Labels = Record<string, string>;

/** A Kubernetes label selector (matchLabels and matchExpressions) against pod labels. */
export function labelSelectorMatches(selector: Obj | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = ((selector.matchExpressions ?? []) as Obj[]).every((e) => {
    const value = labels[e.key];
    if (e.operator === "In") return value !== undefined && e.values.includes(value);
    if (e.operator === "NotIn") return value === undefined || !e.values.includes(value);
    if (e.operator === "Exists") return value !== undefined;
    return value === undefined;
  });
  return byLabel && byExpression;
}

/** host and port of an address as the tiers take it: dns:///h:p, h:p, scheme://user@h:p. */
function hostPort(address: string): { host: string; port: number } | undefined {
  const m = /^(?:[a-z]+:\/\/\/?)?(?:[^@/]*@)?([a-z0-9-]+)(?:\.[a-z0-9.-]*)?:(\d+)/.exec(
    address.split(",")[0]?.trim() ?? "",
  );
  return m ? { host: m[1] as string, port: Number(m[2]) } : undefined;
}

/** The value of `name` in a container's environment, as the kubelet would set it. */
function envValue(objects: Obj[], container: Obj, name: string): string | undefined {
  const data = (kind: string, objName: string, key: string) => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === objName);
    const raw = o?.data?.[key];
    if (raw === undefined) return undefined;
    return kind === "Secret" ? Buffer.from(raw, "base64").toString("utf8") : raw;
  };
  const own = (container.env as Obj[] | undefined)?.find((e) => e.name === name);
  if (own?.value !== undefined) return own.value;
  const from = own?.valueFrom;
  if (from?.secretKeyRef) return data("Secret", from.secretKeyRef.name, from.secretKeyRef.key);
  if (from?.configMapKeyRef)
    return data("ConfigMap", from.configMapKeyRef.name, from.configMapKeyRef.key);
  for (const source of (container.envFrom as Obj[] | undefined) ?? []) {
    const value = source.configMapRef
      ? data("ConfigMap", source.configMapRef.name, name)
      : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Where an address lands: the pods behind the Service of that name, and the container
 * port the Service port targets. Strimzi's `<cluster>-kafka-bootstrap` is the operator's
 * Service: its brokers carry `strimzi.io/cluster: <cluster>`.
 */
function destination(objects: Obj[], host: string, port: number) {
  const strimzi = /^(.+)-kafka-bootstrap$/.exec(host);
  const svc = objects.find((o) => o.kind === "Service" && o.metadata.name === host);
  if (!svc && strimzi)
    return { labels: { "strimzi.io/cluster": strimzi[1] as string }, ports: [port] };
  if (!svc) return undefined;
  const entry = (svc.spec.ports as Obj[]).find((p) => p.port === port);
  if (!entry) return undefined;
  const target = entry.targetPort ?? port;
  const pod = objects
    .filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet")
    .find((w) =>
      svc.spec.selector
        ? labelSelectorMatches(
            { matchLabels: svc.spec.selector },
            w.spec.template.metadata.labels ?? {},
          )
        : false,
    );
  if (!pod) return undefined;
  const named = (pod.spec.template.spec.containers as Obj[])
    .flatMap((c) => (c.ports ?? []) as Obj[])
    .find((p) => p.name === target || p.containerPort === target);
  return {
    labels: pod.spec.template.metadata.labels as Labels,
    ports: [named?.name, named?.containerPort ?? target].filter((p) => p !== undefined),
  };
}

/** Every tier's egress allows DNS and each service its configuration names; nothing else is checked. */
export function egressReachesDependencies(objects: Obj[]): Finding {
  const policies = objects.filter(
    (o) => o.kind === "NetworkPolicy" && (o.spec.policyTypes ?? []).includes("Egress"),
  );
  const failures: string[] = [];
  let flows = 0;
  for (const d of objects.filter(
    (o) => o.kind === "Deployment" && CONNECTS_THROUGH[o.metadata.name],
  )) {
    const labels: Labels = d.spec.template.metadata.labels ?? {};
    const rules = policies
      .filter((p) => labelSelectorMatches(p.spec.podSelector, labels))
      .flatMap((p) => (p.spec.egress ?? []) as Obj[]);
    const allows = (to: Labels, ports: (string | number)[], protocol = "TCP") =>
      // A rule without `to` reaches every peer, one without `ports` every port.
      rules.some(
        (r) =>
          (!r.to ||
            (r.to as Obj[]).some(
              (peer) => !peer.podSelector || labelSelectorMatches(peer.podSelector, to),
            )) &&
          (!r.ports ||
            (r.ports as Obj[]).some(
              (p) => ports.includes(p.port) && (p.protocol ?? "TCP") === protocol,
            )),
      );
    const name = d.metadata.name as string;
    if (rules.length === 0) failures.push(`${name}: no egress policy selects it`);
    if (!allows({ "k8s-app": "kube-dns" }, [53], "UDP")) failures.push(`${name}: no DNS (UDP 53)`);
    const container = d.spec.template.spec.containers[0] as Obj;
    for (const variable of CONNECTS_THROUGH[name] ?? []) {
      flows++;
      const value = envValue(objects, container, variable);
      const address = value === undefined ? undefined : hostPort(value);
      const to = address && destination(objects, address.host, address.port);
      if (!to) {
        failures.push(`${name}: ${variable}=${value ?? "(unset)"} names no Service port here`);
        continue;
      }
      if (!allows(to.labels, to.ports))
        failures.push(
          `${name}: egress does not allow ${variable} (${address.host}:${address.port})`,
        );
    }
  }
  return {
    check: "each tier's egress allows DNS and the services its configuration names",
    ok: failures.length === 0,
    detail: failures.length === 0 ? `${flows} connections` : failures.join("; "),
  };
}
