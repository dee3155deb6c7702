import {
  endpoints,
  type KafkaServer,
  kafkaServer,
  killService,
  type ServiceName,
  startService,
} from "@rafaga/infra";
import type { LayoutKind } from "@rafaga/runner";
import { settle } from "@rafaga/runner";
import Valkey from "iovalkey";
import { busiestLeader } from "./kafka-leaders.ts";
import { auditWeather } from "./pipeline-audit.ts";
import { startTestPipeline } from "./test-pipeline.ts";
import { startWeatherFaultLoad } from "./weather-fault-load.ts";

/**
 * One fault: a tier of the pipeline (restarted by the supervisor), a service, or the
 * broker of a Kafka cluster that leads most of the weather topic's partitions.
 */
export type Fault = { tier: string } | { service: ServiceName } | { kafkaBroker: "leader" };

export interface ChaosRow {
  scenario: string;
  accepted: number;
  /**
   * Error answers by status, e.g. { 503: 12 }; 0 for a request that got no answer, -1 for
   * a connection refused (nothing sent).
   */
  rejected: Record<number, number>;
  /** Error answers that said `counted: "no"` (safe to retry without a key). */
  saidNo: number;
  /** Accepted (2xx) but not in Valkey. */
  lost: number;
  /** Counted more times than there are distinct event ids. */
  duplicated: number;
  /** Answered `counted: "no"` yet found in Valkey. */
  countedThoughRejected: number;
  /** From the fault to the next 2xx. */
  recoverySeconds: number;
}

export const faultTarget = (f: Fault): string =>
  "tier" in f ? f.tier : "service" in f ? f.service : "kafka-leader";
/** How a tier is stopped: SIGKILL (a crash), or SIGTERM (a graceful stop, as in a rolling update). */
export type TierSignal = "SIGKILL" | "SIGTERM";

export const faultName = (f: Fault, tierSignal: TierSignal = "SIGKILL"): string =>
  "kafkaBroker" in f
    ? "SIGKILL the busiest Kafka leader"
    : `${"tier" in f ? tierSignal : "SIGKILL"} ${faultTarget(f)}`;

const consumers: Fault[] = [{ tier: "consumer-kafka" }, { tier: "consumer-rabbitmq" }];
const services: Fault[] = [{ service: "kafka" }, { service: "rabbitmq" }, { service: "valkey" }];

/** Every process of the layout and every service; on a Kafka cluster, one of its brokers too. */
export function chaosFaults(layout: LayoutKind, kafkaBrokers = 1): readonly Fault[] {
  const infra: Fault[] = kafkaBrokers > 1 ? [...services, { kafkaBroker: "leader" }] : services;
  return layout === "single"
    ? [{ tier: "edge" }, ...consumers, ...infra]
    : [
        { tier: "ingest" },
        { tier: "router" },
        { tier: "writer-kafka" },
        { tier: "writer-rabbitmq" },
        ...consumers,
        ...infra,
      ];
}

/**
 * One scenario on a fresh pipeline (single layout, weather routed to both brokers,
 * supervised as npm run serve is): keyless clients send reports, the fault strikes after
 * `beforeMs`, a killed service is started again after `downMs`, and the load goes on
 * until a 2xx came back plus `afterMs`. Then Valkey is audited per event id.
 */
export interface ChaosOptions {
  layout?: LayoutKind;
  /**
   * Clients send an Idempotency-Key and retry an answer other than 202 or counted "no"
   * with the same key until it is one of those (what README's contract asks of them).
   */
  keys?: boolean;
  /** What a tier fault sends (services are always SIGKILLed). */
  tierSignal?: TierSignal;
  clients?: number;
  beforeMs?: number;
  downMs?: number;
  afterMs?: number;
  /** The Kafka to use and to strike (default: the one `npm run infra` runs). */
  kafka?: KafkaServer;
}

export async function runChaosScenario(fault: Fault, opts: ChaosOptions = {}): Promise<ChaosRow> {
  const { layout = "single", keys = false, clients = 10, tierSignal = "SIGKILL" } = opts;
  const { beforeMs = 1500, downMs = 2000, afterMs = 1500, kafka = kafkaServer } = opts;
  const t = await startTestPipeline({
    kind: layout,
    routingWeather: "both",
    supervise: true,
    ...(opts.kafka ? { kafka } : {}),
  });
  let struck = faultName(fault, tierSignal);
  try {
    const load = startWeatherFaultLoad(`${t.pipeline.ingestUrl}/api/tweets`, {
      clients,
      seed: 97,
      keys,
    });
    const recovered = () => load.acceptedTimes.find(([sentAt]) => sentAt > struckAt)?.[1];
    let struckAt = Number.POSITIVE_INFINITY;
    try {
      await Bun.sleep(beforeMs);
      struckAt = performance.now();
      if ("tier" in fault) {
        const victim = t.pipeline.tiers.find((tier) => tier.spec.name === fault.tier);
        if (!victim) throw new Error(`no tier ${fault.tier}`);
        process.kill(victim.pid, tierSignal);
        await victim.exited;
      } else if ("service" in fault) {
        await killService(fault.service);
        await Bun.sleep(downMs);
        await startService(fault.service);
      } else {
        const victim = await busiestLeader(kafka, t.layout.weatherDestination);
        struck = `SIGKILL Kafka broker ${victim.nodeId} of ${kafka.brokers} (leader of ${victim.partitions}/${victim.of})`;
        await kafka.killBroker(victim.nodeId);
        await Bun.sleep(downMs);
        await kafka.startBroker(victim.nodeId);
      }
      const deadline = performance.now() + 60_000;
      while (recovered() === undefined && performance.now() < deadline) await Bun.sleep(50);
      await Bun.sleep(afterMs);
    } finally {
      await load.stop();
    }
    const recoveredAt = recovered();
    const { accepted, refusedNotCounted } = load;

    const audit = () => auditWeather(endpoints.valkeyUrl, t.layout.keyPrefix, accepted);
    await settle(async () => (await audit()).missing.length, 0, 60_000);
    const { counted, markers, missing } = await audit();
    const seen = await markersOf(t.layout.keyPrefix, refusedNotCounted);
    return {
      scenario: `${struck} (${layout}${keys ? ", keys" : ""})`,
      accepted: accepted.size,
      rejected: load.rejected,
      saidNo: refusedNotCounted.length,
      lost: missing.length,
      duplicated: counted - markers,
      countedThoughRejected: seen,
      recoverySeconds:
        recoveredAt === undefined ? Number.POSITIVE_INFINITY : (recoveredAt - struckAt) / 1000,
    };
  } finally {
    await t.stop();
  }
}

/** How many of these events have their dedup marker in Valkey, i.e. were counted. */
async function markersOf(prefix: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const valkey = new Valkey(endpoints.valkeyUrl);
  try {
    return await valkey.exists(...ids.map((id) => `${prefix}weather_seen:${id}`));
  } finally {
    valkey.disconnect();
  }
}

const STATUS_NAMES: Record<string, string> = { "0": "no answer", "-1": "refused" };

export function formatChaosTable(rows: ChaosRow[]): string {
  const header =
    '| scenario | accepted | rejected (status: count) | of which said "no" | lost | duplicated | counted though "no" | s to next 2xx |';
  const lines = rows.map((r) => {
    const rejected =
      Object.entries(r.rejected)
        .map(([status, n]) => `${STATUS_NAMES[status] ?? status}: ${n}`)
        .join(", ") || "none";
    return `| ${r.scenario} | ${r.accepted} | ${rejected} | ${r.saidNo} | ${r.lost} | ${r.duplicated} | ${r.countedThoughRejected} | ${r.recoverySeconds.toFixed(2)} |`;
  });
  return [header, "| --- | --- | --- | --- | --- | --- | --- | --- |", ...lines].join("\n");
}
