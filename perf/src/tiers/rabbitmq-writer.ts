import { type OutboundMessage, RabbitProducer } from "@rafaga/brokers";
import { endpoints } from "@rafaga/infra";
import { fastest, type Harness, type Measurement, type TierResult } from "../harness.ts";
import { sampleMessages } from "./broker-messages.ts";
import { deleteQueues, freshQueueName } from "./broker-queues.ts";
import { writeLoop } from "./broker-write-loop.ts";
import { rawConfirmLoop } from "./rabbitmq-writer-limit.ts";

type QueueType = "classic" | "quorum";
interface Row {
  queueType: QueueType;
  inFlight: number;
  batchSize: number;
}

function plan(quick: boolean) {
  const rows: Row[] = [];
  for (const queueType of ["classic", "quorum"] as const) {
    for (const inFlight of quick ? [8, 64] : [1, 8, 64]) {
      for (const batchSize of quick ? [1, 100] : [1, 100, 1000]) {
        // 64 x 1000 = 64,000 unconfirmed messages: beyond any writer's window, and one round
        // outlasts the row (p99 of seconds), so it would measure the drain, not the rate.
        if (inFlight * batchSize <= 8000) rows.push({ queueType, inFlight, batchSize });
      }
    }
  }
  return { rows, warmupMs: quick ? 200 : 300, durationMs: quick ? 1200 : 2500 };
}

export const rabbitmqWriterHarness: Harness = {
  tier: "rabbitmq-writer",
  async run({ quick, progress }): Promise<TierResult> {
    const p = plan(quick);
    const messages = sampleMessages(1000);
    const queues: string[] = [];
    const fresh = () => {
      queues.push(freshQueueName("perf-rabbitmq-writer"));
      return queues.at(-1) as string;
    };
    const show = (m: Measurement) =>
      progress(
        `rabbitmq-writer: ${m.label}: ${Math.round(m.perSecond)} ev/s, p99 ${m.latencyMs?.p99.toFixed(1)} ms`,
      );
    try {
      const measurements: Measurement[] = [];
      for (const row of p.rows) {
        measurements.push(await measureRow(row, fresh(), messages, p.warmupMs, p.durationMs));
        show(measurements.at(-1) as Measurement);
        // Each row's queue goes at once: a full quorum queue slows the rows after it.
        await deleteQueues(endpoints.amqpUrl, queues.splice(0));
      }
      const quorumBest = fastest(measurements.filter((m) => m.params?.queueType === "quorum"));
      const classicBest = fastest(measurements.filter((m) => m.params?.queueType === "classic"));
      const window = Number(quorumBest.params?.inFlight) * Number(quorumBest.params?.batchSize);
      progress(`rabbitmq-writer: limit, raw amqplib confirm loop, window ${window}...`);
      const raw = await rawConfirmLoop({
        url: endpoints.amqpUrl,
        queue: fresh(),
        queueType: "quorum",
        messages: messages.map((m) => ({
          body: m.value,
          headers: m.headers ?? {},
          messageId: m.key ?? "",
        })),
        window,
        warmupMs: p.warmupMs,
        durationMs: p.durationMs,
      });
      const limit: Measurement = {
        label: `raw amqplib confirm loop, quorum queue, ${window} confirms outstanding (sliding window)`,
        ...raw,
        params: { client: "amqplib (limit)", queueType: "quorum", window },
      };
      show(limit);
      return {
        tier: "rabbitmq-writer",
        title: "RabbitMQ writer: RabbitProducer with publisher confirms, classic vs quorum queue",
        downstream:
          "RabbitMQ 3.10 (one node, same machine), a fresh durable queue per row, persistent messages",
        measurements,
        limit,
        ratios: { "quorum best / limit": quorumBest.perSecond / limit.perSecond },
        comparisons: {
          "classic best / quorum best": classicBest.perSecond / quorumBest.perSecond,
        },
        notes: [
          "The confirm window is writeBatch calls in flight x messages per call; latency is per writeBatch call.",
          "The limit keeps the best quorum row's window of confirms outstanding, with the same bodies and headers and no rafaga code; its latency is per message, publish to confirm.",
          "Every queue is deleted after its row; none is left behind unless the run was killed.",
        ],
      };
    } finally {
      if (queues.length > 0) {
        await deleteQueues(endpoints.amqpUrl, queues).catch((e) =>
          progress(`rabbitmq-writer: could not delete ${queues.join(", ")}: ${e}`),
        );
      }
    }
  },
};

async function measureRow(
  row: Row,
  queue: string,
  messages: OutboundMessage[],
  warmupMs: number,
  durationMs: number,
) {
  const producer = new RabbitProducer({
    url: endpoints.amqpUrl,
    queueType: row.queueType,
    deliveryTimeoutMs: 30_000,
  });
  try {
    await producer.connect();
    const batch = messages.slice(0, row.batchSize);
    const write = (m: OutboundMessage[]) => producer.writeBatch(queue, m);
    await writeLoop(write, { batch, inFlight: row.inFlight, durationMs: warmupMs });
    const r = await writeLoop(write, { batch, inFlight: row.inFlight, durationMs });
    return {
      label: `${row.queueType} queue, ${row.inFlight} writeBatch in flight, ${row.batchSize} per call`,
      perSecond: r.perSecond,
      latencyMs: r.latencyMs,
      params: { client: "RabbitProducer", ...row },
    } satisfies Measurement;
  } finally {
    await producer.close();
  }
}
