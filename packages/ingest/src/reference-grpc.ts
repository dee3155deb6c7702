import { Server, ServerCredentials, type ServiceDefinition } from "@grpc/grpc-js";
import { type Domain, decodeOrThrow, encodeWith, protoType, RafagaError } from "@rafaga/core";
import type { DomainModule } from "@rafaga/domains";
import type protobuf from "protobufjs";
import { type CallContext, streamCall, unaryCall } from "./reference-grpc-calls.ts";

export interface ReferenceGrpcOptions
  extends Pick<CallContext, "acceptOne" | "acceptBatch" | "maxStreamItems"> {
  domains: readonly DomainModule[];
  /** `package.Service` per domain (the `<NAME>_GRPC_SERVICE` variables); else the module's. */
  services: ReadonlyMap<Domain, string>;
  port: number;
  host: string;
}

const summaryType = protoType("rafaga.ingest.StreamSummary");

/**
 * One method of a service: requests stay bytes, decoded in the handler so that bad bytes
 * are an INVALID_ARGUMENT of ours; responses are encoded with `response`.
 */
const method = (path: string, requestStream: boolean, response: protobuf.Type) => ({
  path,
  requestStream,
  responseStream: false,
  requestDeserialize: (bytes: Buffer) => bytes,
  requestSerialize: (bytes: Buffer) => bytes,
  responseSerialize: (message: object) => Buffer.from(encodeWith(response, message)),
  responseDeserialize: (bytes: Buffer) => response.decode(bytes),
});

export interface ReferenceGrpcServer {
  port: number;
  /** The method paths served, e.g. /blackfriday.ProductSaleService/ProcesarVenta. */
  paths: string[];
  /** Stops taking calls and waits for the ones in flight (their acks). */
  close(): Promise<void>;
}

/**
 * The reference systems' own gRPC services, served by ingest so that their API or bridge
 * can point at rafaga unchanged: the same method paths, messages and responses. A call
 * gets OK only after the brokers' durable ack; every failure is a status with the same
 * meaning as the HTTP answer (see grpc-status.ts).
 */
export async function serveReferenceGrpc(opts: ReferenceGrpcOptions): Promise<ReferenceGrpcServer> {
  const server = new Server();
  const paths: string[] = [];
  for (const domain of opts.domains) {
    const grpc = domain.grpc;
    if (!grpc) continue;
    const requestType = protoType(grpc.requestType);
    const responseType = protoType(grpc.responseType);
    const path = `/${opts.services.get(domain.id) ?? grpc.service}/${grpc.method}`;
    const definition: ServiceDefinition = {
      [grpc.method]: method(path, false, responseType),
      [`${grpc.method}Stream`]: method(`${path}Stream`, true, summaryType),
    };
    const ctx: CallContext = {
      acceptOne: opts.acceptOne,
      acceptBatch: opts.acceptBatch,
      maxStreamItems: opts.maxStreamItems,
      domain: domain.id,
      path,
      // Field names and enum numbers as the HTTP body has them: one validation for both.
      toItem: (bytes) =>
        requestType.toObject(decodeOrThrow(requestType, bytes), {
          enums: Number,
          longs: Number,
          defaults: true,
        }),
      accepted: grpc.accepted,
    };
    server.addService(definition, {
      [grpc.method]: unaryCall(ctx),
      [`${grpc.method}Stream`]: streamCall(ctx),
    });
    paths.push(path, `${path}Stream`);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${opts.host}:${opts.port}`, ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(new RafagaError("CONFIG", `gRPC port ${opts.port}: ${e.message}`)) : resolve(p),
    ),
  );
  let closing: Promise<void> | undefined;
  return {
    port,
    paths,
    close: () => {
      closing ??= new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      return closing;
    },
  };
}

/** As ingest and the edge start it: none when GRPC_PORT is 0, on HOST otherwise. */
export function serveReferenceGrpcFor(
  config: {
    GRPC_PORT: number;
    HOST: string;
    MAX_BATCH_ITEMS: number;
    domains: readonly DomainModule[];
    grpcServices: ReadonlyMap<Domain, string>;
  },
  app: Pick<ReferenceGrpcOptions, "acceptOne" | "acceptBatch">,
): Promise<ReferenceGrpcServer | undefined> {
  if (config.GRPC_PORT === 0) return Promise.resolve(undefined);
  return serveReferenceGrpc({
    domains: config.domains,
    services: config.grpcServices,
    acceptOne: app.acceptOne,
    acceptBatch: app.acceptBatch,
    maxStreamItems: config.MAX_BATCH_ITEMS,
    port: config.GRPC_PORT,
    host: config.HOST,
  });
}
