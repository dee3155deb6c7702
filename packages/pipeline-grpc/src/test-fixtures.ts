import type { Envelope, EnvelopeBatch } from "@rafaga/core";
import { PipelineClient, type PipelineClientDeps } from "./client.ts";
import type { PipelineClientInput } from "./options.ts";
import { type PipelineServer, type PipelineServerInput, startPipelineServer } from "./server.ts";

// Domain numbers as the registry in @rafaga/domains gives them (core knows no domain).
const WEATHER = 1;

/** Servers and clients a test opened, closed after it whatever happened. */
export class Harness {
  readonly servers: PipelineServer[] = [];
  readonly clients: PipelineClient[] = [];

  async server(input: PipelineServerInput): Promise<PipelineServer> {
    const server = await startPipelineServer({ host: "127.0.0.1", closeTimeoutMs: 2000, ...input });
    this.servers.push(server);
    return server;
  }

  client(input: PipelineClientInput, deps?: PipelineClientDeps): PipelineClient {
    const client = new PipelineClient(
      { closeTimeoutMs: 2000, reconnectMaxMs: 500, ...input },
      deps,
    );
    this.clients.push(client);
    return client;
  }

  /** The port of a server that was just closed: nothing listens there until a test does. */
  async closedPort(): Promise<number> {
    const server = await this.server({ handler: async () => {} });
    await server.close();
    return server.port;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await Promise.all(this.servers.map((s) => s.close()));
  }
}

let seq = 0;
export function envelope(): Envelope {
  seq++;
  return {
    id: `ev-${seq}`,
    domain: WEATHER,
    ingestTsUs: Date.now() * 1000,
    payload: new Uint8Array([8, seq & 0x7f]),
  };
}

export const envelopes = (n: number): Envelope[] => Array.from({ length: n }, envelope);

/** A handler that records every batch it saw. */
export function recorder(delay?: () => number) {
  const batches: EnvelopeBatch[] = [];
  const handler = async (batch: EnvelopeBatch) => {
    batches.push(batch);
    const ms = delay?.() ?? 0;
    if (ms > 0) await Bun.sleep(ms);
  };
  return { batches, handler, events: () => batches.reduce((n, b) => n + b.events.length, 0) };
}

/** Settles to what a promise did, so tests can assert on rejections without racing. */
export async function outcome(
  p: Promise<unknown>,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await p;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

export const local = (port: number) => `127.0.0.1:${port}`;
