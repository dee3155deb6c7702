/**
 * What one gRPC message between two tiers costs at fixed, low rates, where the per-tier
 * layout spends its CPU at 10 connections: this process sends batches of a few events at
 * each rate and awaits their acks, the server is a child process, and each side's CPU
 * (its JIT threads apart) is charged per message. Two pairs, one after the other:
 * PipelineClient -> PipelineServer with a no-op handler (what ingest -> router and
 * router -> writers run), and a bare grpc-js bidi stream writing one pre-encoded batch ->
 * a server answering each message with one pre-encoded ack (grpc-js alone). A long warm-up
 * comes first: at 1,000 messages/s the JIT threads compile for about 25 s.
 *
 *   bun perf/src/grpc-fixed-rate.ts [rates=1000,3000] [--events=4] [--seconds=6] [--warm=25]
 *
 * The pacing loop wakes on a 1 ms timer, so the client's figure includes about one
 * wake-up from idle per millisecond (perf/src/wake-cost.ts measures it alone).
 */
import { join } from "node:path";
import { Client, credentials } from "@grpc/grpc-js";
import { type Envelope, encodeEnvelopeBatch } from "@rafaga/core";
import { weatherDomain } from "@rafaga/domains";
import { PipelineClient } from "@rafaga/pipeline-grpc";
import { cpuSecondsMeter, repoRoot } from "@rafaga/runner";
import { rawPublishStream } from "./tiers/grpc-raw-stream.ts";
import { bunPath, spawnChild, stop } from "./tiers/http-children.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const rates = (args.find((a) => !a.startsWith("--")) ?? "1000,3000").split(",").map(Number);
const eventsPerMessage = flag("events", 4);
const seconds = flag("seconds", 6);
const warmSeconds = flag("warm", 25);

const payload = new Uint8Array([8, 2, 16, 25, 24, 60, 32, 1, 0, 0]);
let sequence = 0;
const events = (): Envelope[] =>
  Array.from({ length: eventsPerMessage }, () => ({
    id: `01JD${(sequence++).toString(36).padStart(22, "0")}`,
    domain: weatherDomain.id,
    ingestTsUs: Date.now() * 1000,
    payload,
  }));

/** One side of a pair: submits a batch and resolves on its ack; counts its gRPC messages. */
interface Sender {
  send(): Promise<void>;
  messages(): number;
  close(): void;
}

/**
 * `rate` submits a second for `phaseSeconds`, each awaited; the CPU of both sides per gRPC
 * message (PipelineClient merges the submits of one tick into one message).
 */
async function phase(sender: Sender, serverPid: number, rate: number, phaseSeconds: number) {
  const read = cpuSecondsMeter({ client: process.pid, server: serverPid });
  const messagesBefore = sender.messages();
  const started = performance.now();
  const end = started + phaseSeconds * 1000;
  const acks: Promise<void>[] = [];
  let sent = 0;
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent++) acks.push(sender.send());
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(acks);
  const { cpu, jit } = read();
  const messages = sender.messages() - messagesBefore;
  const us = (name: string) => Math.round((((cpu[name] ?? 0) - (jit[name] ?? 0)) * 1e6) / messages);
  const jitUs = (name: string) => Math.round(((jit[name] ?? 0) * 1e6) / messages);
  return {
    sent,
    messages,
    client: us("client"),
    server: us("server"),
    jit: jitUs("client") + jitUs("server"),
  };
}

async function measure(
  name: string,
  serverScript: string,
  connect: (port: number) => Promise<Sender>,
) {
  const { child, match } = await spawnChild([bunPath, serverScript], { ready: /port (\d+)/ });
  try {
    const sender = await connect(Number(match?.[1]));
    console.error(`[grpc-fixed-rate] ${name}: warming up ${warmSeconds} s at ${rates[0]}/s`);
    await phase(sender, child.proc.pid, rates[0] as number, warmSeconds);
    for (const rate of rates) {
      const r = await phase(sender, child.proc.pid, rate, seconds);
      console.log(
        `${name}, ${rate} submits/s of ${eventsPerMessage} events: ${r.messages} messages; CPU per message client ${r.client} us, server ${r.server} us (JIT threads ${r.jit} us more)`,
      );
    }
    sender.close();
  } finally {
    await stop(child);
  }
}

await measure(
  "PipelineClient -> PipelineServer",
  join(repoRoot, "packages/pipeline-grpc/bench/server-process.ts"),
  async (port) => {
    const client = new PipelineClient({ targets: [`127.0.0.1:${port}`] });
    await client.waitForReady(5000);
    return {
      send: () => client.submitMany(events()),
      messages: () => client.stats().batchesSent,
      close: () => void client.close(),
    };
  },
);

await measure(
  "bare grpc-js stream",
  join(import.meta.dir, "tiers/grpc-raw-server.ts"),
  async (port) => {
    const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    const stream = rawPublishStream(client);
    const message = Buffer.from(encodeEnvelopeBatch({ batchId: 1, events: events() }));
    let written = 0;
    return {
      send: () => {
        written++;
        return stream.send(message);
      },
      messages: () => written,
      close: () => {
        stream.cancel();
        client.close();
      },
    };
  },
);
process.exit(0);
