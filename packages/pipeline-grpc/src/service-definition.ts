import type { ServiceDefinition } from "@grpc/grpc-js";
import {
  type BatchAck,
  decodeBatchAck,
  decodeEnvelopeBatch,
  type EnvelopeBatch,
  encodeBatchAck,
  encodeEnvelopeBatch,
} from "@rafaga/core";

/** The gRPC service of pipeline.proto, fully qualified (also a health check's service name). */
export const PIPELINE_SERVICE = "rafaga.pipeline.Pipeline";
export const PUBLISH_PATH = `/${PIPELINE_SERVICE}/Publish`;

/** grpc-js wants Buffers; this views the encoded bytes without copying them. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const serializeBatch = (b: EnvelopeBatch): Buffer => asBuffer(encodeEnvelopeBatch(b));
export const deserializeBatch = (buf: Buffer): EnvelopeBatch => decodeEnvelopeBatch(buf);
export const serializeAck = (a: BatchAck): Buffer => asBuffer(encodeBatchAck(a));
export const deserializeAck = (buf: Buffer): BatchAck => decodeBatchAck(buf);

/**
 * Built from the core codecs rather than loaded from pipeline.proto at run time: no
 * file access, so it works the same from a `bun build --target=node` bundle.
 */
export const pipelineService = {
  publish: {
    path: PUBLISH_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: serializeBatch,
    requestDeserialize: deserializeBatch,
    responseSerialize: serializeAck,
    responseDeserialize: deserializeAck,
  },
} satisfies ServiceDefinition;
