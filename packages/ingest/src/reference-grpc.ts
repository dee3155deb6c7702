import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
} from "@grpc/grpc-js";
import {
  createLogger,
  type Domain,
  decodeOrThrow,
  encodeWith,
  eventId,
  isRafagaError,
  protoType,
  RafagaError,
} from "@rafaga/core";
import type { DomainModule } from "@rafaga/domains";
import { grpcFailure } from "./grpc-status.ts";
import { clientKeyId } from "./ingest-app.ts";

export interface ReferenceGrpcOptions {
  domains: readonly DomainModule[];
  /** `package.Service` per domain (the `<NAME>_GRPC_SERVICE` variables); else the module's. */
  services: ReadonlyMap<Domain, string>;
  /** The ingest app's acceptOne: validation, admission and the brokers' ack, as for HTTP. */
  acceptOne(
    domain: Domain,
    item: unknown,
    id: string,
    keyed?: { key: string; body: string },
  ): Promise<void>;
  port: number;
  host: string;
}

export interface ReferenceGrpcServer {
  port: number;
  /** The method paths served, e.g. /blackfriday.ProductSaleService/ProcesarVenta. */
  paths: string[];
  /** Stops taking calls and waits for the ones in flight (their acks). */
  close(): Promise<void>;
}

const logger = createLogger("reference-grpc");

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
      [grpc.method]: {
        path,
        requestStream: false,
        responseStream: false,
        // Decoded in the handler, so that bad bytes are an INVALID_ARGUMENT of ours.
        requestDeserialize: (bytes: Buffer) => bytes,
        requestSerialize: (bytes: Buffer) => bytes,
        responseSerialize: (message: object) => Buffer.from(encodeWith(responseType, message)),
        responseDeserialize: (bytes: Buffer) => responseType.decode(bytes),
      },
    };
    const handle = async (
      call: ServerUnaryCall<Buffer, object>,
      callback: sendUnaryData<object>,
    ) => {
      let id: string | undefined;
      try {
        const keyText = call.metadata.get("idempotency-key")[0]?.toString();
        const keyId = clientKeyId(keyText);
        id = keyId ?? eventId();
        // Field names and enum numbers as the HTTP body has them: one validation for both.
        const item = requestType.toObject(decodeOrThrow(requestType, call.request), {
          enums: Number,
          longs: Number,
          defaults: true,
        });
        // A call whose deadline passed or that the client cancelled writes nothing.
        if (call.cancelled) throw new RafagaError("CLIENT_CLOSED", "the call was cancelled");
        const keyed =
          keyId === undefined ? undefined : { key: keyId, body: call.request.toString("base64") };
        await opts.acceptOne(domain.id, item, id, keyed);
        const trailers = new Metadata();
        trailers.set("rafaga-event-id", id);
        callback(null, grpc.accepted(id), trailers);
      } catch (error) {
        if (!isRafagaError(error)) logger.error({ err: error, path }, "call failed");
        const failure = isRafagaError(error) ? error : new RafagaError("INFRA", "internal error");
        callback(grpcFailure(failure, id), null);
      }
    };
    server.addService(definition, { [grpc.method]: handle });
    paths.push(path);
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
