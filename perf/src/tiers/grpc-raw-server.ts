/**
 * The limit of the router-grpc tier: a bare grpc-js bidi stream that answers every
 * message with one pre-encoded ack, without decoding it. What PipelineServer adds
 * (decode, handler, ack encoding, flow control) is absent, so the client's rate against
 * it is what grpc-js itself allows between two Bun processes.
 * Prints "port <n>"; exits on SIGTERM.
 */
import { Server, ServerCredentials, type ServerDuplexStream } from "@grpc/grpc-js";
import { encodeBatchAck } from "@rafaga/core";
import { PUBLISH_PATH } from "@rafaga/pipeline-grpc";

const ack = Buffer.from(encodeBatchAck({ batchId: 1, ok: true }));
const identity = (b: Buffer) => b;

const server = new Server();
server.addService(
  {
    publish: {
      path: PUBLISH_PATH,
      requestStream: true,
      responseStream: true,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    },
  },
  {
    publish: (call: ServerDuplexStream<Buffer, Buffer>) => {
      call.on("data", () => call.write(ack));
      call.on("end", () => call.end());
      call.on("error", () => {});
    },
  },
);
const port = await new Promise<number>((resolve, reject) =>
  server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) =>
    error ? reject(error) : resolve(bound),
  ),
);
console.log(`port ${port}`);
process.on("SIGTERM", () => {
  server.forceShutdown();
  process.exit(0);
});
