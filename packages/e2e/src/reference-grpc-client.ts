import { dirname, join } from "node:path";
import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import type { WorkloadItem } from "@rafaga/domains";
import { repoRoot } from "@rafaga/runner";

/** The reference clients' services, from the reference teams' own .proto files. */
const REFERENCE = {
  weather: {
    file: "weathertweet.proto",
    service: "weathertweet.WeatherTweetService",
    method: "SendTweet",
  },
  sales: {
    file: "blackfriday.proto",
    service: "blackfriday.ProductSaleService",
    method: "ProcesarVenta",
  },
} as const;
export type ReferenceService = keyof typeof REFERENCE;

export interface CallAnswer {
  code: status;
  response?: Record<string, unknown>;
  /** Trailers: rafaga-event-id, rafaga-counted, rafaga-field, ... */
  trailers: Record<string, string>;
  /** google.rpc.Status details (grpc-status-details-bin), when the call failed. */
  statusDetails?: Buffer;
}

/**
 * A client generated as a reference team would make one (proto-loader + grpc-js), from
 * `protoFile`, on its own channel: a distinct option per channel id, or grpc-js would
 * share one channel between clients.
 */
function generatedClient(
  which: ReferenceService,
  protoFile: string,
  address: string,
  channelId: number,
) {
  const spec = REFERENCE[which];
  const definition = loadSync(protoFile, {
    keepCase: true,
    enums: String,
    defaults: true,
    // Imports (proto/weather.proto imports ingest.proto) resolve beside the file.
    includeDirs: [dirname(protoFile)],
  });
  const loaded = loadPackageDefinition(definition);
  const [pkg, service] = spec.service.split(".") as [string, string];
  const Service = (loaded[pkg] as Record<string, ServiceClientConstructor>)[service];
  if (!Service) throw new Error(`${spec.service} is not in ${protoFile}`);
  const client = new Service(address, credentials.createInsecure(), {
    "rafaga.test-channel": channelId,
  }) as Client & Record<string, unknown>;
  return { spec, client };
}

function keyMetadata(key: string | undefined): Metadata {
  const metadata = new Metadata();
  if (key !== undefined) metadata.set("idempotency-key", key);
  return metadata;
}

/** The reference's unary method, from the reference teams' own .proto file. */
export function referenceClient(which: ReferenceService, address: string, channelId = 0) {
  const protoFile = join(import.meta.dir, "reference-protos", REFERENCE[which].file);
  const { spec, client } = generatedClient(which, protoFile, address, channelId);
  const method = client[spec.method] as (
    request: object,
    metadata: Metadata,
    options: { deadline: Date },
    callback: (error: ServiceError | null, response?: Record<string, unknown>) => void,
  ) => { on(event: "status", listener: (s: { metadata: Metadata }) => void): void };
  return {
    call(request: object, opts: { key?: string; deadlineMs?: number } = {}): Promise<CallAnswer> {
      const metadata = keyMetadata(opts.key);
      const deadline = new Date(Date.now() + (opts.deadlineMs ?? 30_000));
      return new Promise((resolve) => {
        let trailers: Record<string, string> = {};
        let settled: { error: ServiceError | null; response?: Record<string, unknown> } | undefined;
        let statusSeen = false;
        const finish = () => {
          if (!settled || !statusSeen) return;
          const { error, response } = settled;
          const details = error?.metadata?.get("grpc-status-details-bin")[0];
          resolve({
            code: error ? error.code : status.OK,
            ...(response ? { response } : {}),
            trailers,
            ...(Buffer.isBuffer(details) ? { statusDetails: details } : {}),
          });
        };
        const call = method.call(client, request, metadata, { deadline }, (error, response) => {
          settled = { error, ...(response ? { response } : {}) };
          if (error) trailers = textOf(error.metadata);
          finish();
        });
        call.on("status", (s) => {
          trailers = { ...trailers, ...textOf(s.metadata) };
          statusSeen = true;
          finish();
        });
      });
    },
    close: () => client.close(),
  };
}

function textOf(metadata: Metadata | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata?.getMap() ?? {}))
    if (typeof value === "string") out[key] = value;
  return out;
}

export interface GrpcLoadResult {
  /** Calls per status code name (OK, UNAVAILABLE, ...). */
  codes: Record<string, number>;
  /** Each call answered OK, with the event id from its trailers. */
  accepted: { item: WorkloadItem; id: string }[];
  /** Each call answered otherwise, with its key (when keyed) and its `rafaga-counted`. */
  failed: { item: WorkloadItem; key?: string; counted?: string }[];
}

/** `total` calls from `clients` concurrent clients, each on its own channel, in a closed loop. */
export async function runGrpcClosedLoop(opts: {
  service: ReferenceService;
  address: string;
  total: number;
  clients: number;
  next: (index: number) => WorkloadItem;
  signal?: AbortSignal;
  /** Call i carries the idempotency-key `<keyPrefix>-<i>`, so that a failed call can be retried safely. */
  keyPrefix?: string;
}): Promise<GrpcLoadResult> {
  const codes: Record<string, number> = {};
  const accepted: GrpcLoadResult["accepted"] = [];
  const failed: GrpcLoadResult["failed"] = [];
  let issued = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async (_, c) => {
      const client = referenceClient(opts.service, opts.address, c);
      try {
        while (issued < opts.total && !opts.signal?.aborted) {
          const index = issued++;
          const item = opts.next(index);
          const key = opts.keyPrefix === undefined ? undefined : `${opts.keyPrefix}-${index}`;
          const answer = await client.call(item.body, key === undefined ? {} : { key });
          const name = status[answer.code] ?? String(answer.code);
          codes[name] = (codes[name] ?? 0) + 1;
          const id = answer.trailers["rafaga-event-id"];
          if (answer.code === status.OK && id) accepted.push({ item, id });
          else
            failed.push({
              item,
              ...(key === undefined ? {} : { key }),
              ...(answer.trailers["rafaga-counted"]
                ? { counted: answer.trailers["rafaga-counted"] }
                : {}),
            });
        }
      } finally {
        client.close();
      }
    }),
  );
  return { codes, accepted, failed };
}

export interface StreamSummary {
  accepted: number;
  rejected: number;
  results: { index: number; ok: boolean; id: string; code: string; field: string; error: string }[];
}

/**
 * The client-streaming variant (`<method>Stream`, rafaga's addition), generated from
 * rafaga's own proto/: the references' files do not declare it.
 */
export function streamClient(which: ReferenceService, address: string, channelId = 0) {
  const protoFile = join(repoRoot, "proto", which === "weather" ? "weather.proto" : "sales.proto");
  const { spec, client } = generatedClient(which, protoFile, address, channelId);
  const method = client[`${spec.method}Stream`] as (
    metadata: Metadata,
    options: { deadline: Date },
    callback: (error: ServiceError | null, response?: StreamSummary) => void,
  ) => { write(message: object): boolean; end(): void };
  return {
    send(
      requests: object[],
      opts: { key?: string } = {},
    ): Promise<{ code: status; summary?: StreamSummary; trailers: Record<string, string> }> {
      return new Promise((resolve) => {
        const call = method.call(
          client,
          keyMetadata(opts.key),
          { deadline: new Date(Date.now() + 60_000) },
          (error, summary) =>
            resolve({
              code: error ? error.code : status.OK,
              ...(summary ? { summary } : {}),
              trailers: textOf(error?.metadata),
            }),
        );
        for (const request of requests) call.write(request);
        call.end();
      });
    },
    close: () => client.close(),
  };
}
