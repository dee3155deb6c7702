// Node entry (librdkafka does not load under Bun): runs the rdkafka rows of the
// kafka-writer tier and prints each result as one "ROW <json>" line on stdout, because
// librdkafka's log lines may share stdout.
import { RdKafkaProducer } from "@rafaga/brokers/node";
import { sampleMessages } from "./broker-messages.ts";
import { writeLoop } from "./broker-write-loop.ts";

export interface NodeRowsRequest {
  brokers: string;
  topic: string;
  /** `repeat`: the same row measured again (2, 3...), against this harness's bimodal noise. */
  rows: Array<{ lingerMs: number; batchSize: number; repeat?: number }>;
  inFlight: number;
  warmupMs: number;
  durationMs: number;
}

const request = JSON.parse(process.argv[2] ?? "") as NodeRowsRequest;
const messages = sampleMessages(1000);

for (const row of request.rows) {
  // One producer per row: linger is fixed at construction, and a fresh client keeps one
  // row's backlog out of the next row's numbers.
  const producer = new RdKafkaProducer({
    brokers: request.brokers,
    lingerMs: row.lingerMs,
    compression: "none",
    deliveryTimeoutMs: 30_000,
  });
  try {
    await producer.connect();
    const write = (batch: typeof messages) => producer.writeBatch(request.topic, batch);
    const batch = messages.slice(0, row.batchSize);
    await writeLoop(write, { batch, inFlight: request.inFlight, durationMs: request.warmupMs });
    const result = await writeLoop(write, {
      batch,
      inFlight: request.inFlight,
      durationMs: request.durationMs,
    });
    console.log(`ROW ${JSON.stringify({ ...row, result })}`);
  } finally {
    await producer.close();
  }
}
