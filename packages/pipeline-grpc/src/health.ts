import {
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from "@grpc/grpc-js";
import { PIPELINE_SERVICE } from "./service-definition.ts";

/**
 * grpc.health.v1.Health/Check, so Kubernetes' native gRPC probes work. Its messages
 * are tiny and fixed (HealthCheckRequest is one string, HealthCheckResponse one enum),
 * so they are written by hand instead of shipping a second .proto: field 1, varint,
 * SERVING = 1, NOT_SERVING = 2.
 */
const SERVING = Buffer.from([0x08, 0x01]);
const NOT_SERVING = Buffer.from([0x08, 0x02]);

/**
 * The two questions a server answers. "" (what probes ask): can every batch this server
 * may be sent pass on now, the whole path. The Pipeline service's name: can some batch
 * pass on now; a router that lost one broker still passes on what is routed to the
 * other (routing "both"), so its clients keep sending while it is not ready.
 */
export const WHOLE_PATH = "";
export const ACCEPTING = PIPELINE_SERVICE;

export const healthService = {
  check: {
    path: "/grpc.health.v1.Health/Check",
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} satisfies ServiceDefinition;

export interface HealthAnswers {
  wholePath(): boolean;
  accepting(): boolean;
}

export function healthHandlers(answers: HealthAnswers) {
  return {
    check: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      const service = serviceOf(call.request);
      const answer =
        service === WHOLE_PATH
          ? answers.wholePath
          : service === ACCEPTING
            ? answers.accepting
            : undefined;
      if (!answer) {
        callback({ code: status.NOT_FOUND, details: `unknown service ${service}` });
        return;
      }
      callback(null, answer() ? SERVING : NOT_SERVING);
    },
  };
}

/** A HealthCheckRequest asking about `service`. */
export function healthRequest(service: string): Buffer {
  if (service === "") return Buffer.alloc(0);
  const name = Buffer.from(service);
  if (name.length > 127) throw new Error(`health service name too long: ${service}`);
  return Buffer.concat([Buffer.from([0x0a, name.length]), name]);
}

/** The service a HealthCheckRequest names; undefined when it is not one we could name. */
function serviceOf(request: Buffer | undefined): string | undefined {
  if (!request || request.length === 0) return "";
  // Field 1, length-delimited, a length under 128 (one varint byte): every name we answer.
  const length = request[1] ?? 0;
  if (request[0] !== 0x0a || length > 127 || request.length !== 2 + length) return undefined;
  return request.toString("utf8", 2);
}

/** True when the bytes of a HealthCheckResponse say SERVING. */
export const isServingResponse = (b: Buffer): boolean => b.equals(SERVING);
