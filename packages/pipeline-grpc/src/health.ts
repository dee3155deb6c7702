import type { ServerUnaryCall, ServiceDefinition, sendUnaryData } from "@grpc/grpc-js";

/**
 * grpc.health.v1.Health/Check, so Kubernetes' native gRPC probes work. Its messages
 * are tiny and fixed (HealthCheckResponse is one enum field), so they are written by
 * hand instead of shipping a second .proto: field 1, varint, SERVING = 1, NOT_SERVING = 2.
 */
const SERVING = Buffer.from([0x08, 0x01]);
const NOT_SERVING = Buffer.from([0x08, 0x02]);

export const healthService = {
  check: {
    path: "/grpc.health.v1.Health/Check",
    requestStream: false,
    responseStream: false,
    // The requested service name is ignored: this server has one thing to be healthy about.
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} satisfies ServiceDefinition;

export function healthHandlers(isServing: () => boolean) {
  return {
    check: (_call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      callback(null, isServing() ? SERVING : NOT_SERVING);
    },
  };
}

/** True when the bytes of a HealthCheckResponse say SERVING. */
export const isServingResponse = (b: Buffer): boolean => b.equals(SERVING);
