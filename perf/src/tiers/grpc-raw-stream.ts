import type { Client } from "@grpc/grpc-js";
import { PUBLISH_PATH } from "@rafaga/pipeline-grpc";

/**
 * A bare grpc-js Publish stream to the raw server (grpc-raw-server.ts), which answers every
 * message in order: `send` writes pre-encoded bytes and resolves on that message's answer.
 * The reference side of the router-grpc tier and of grpc-fixed-rate.ts.
 */
export function rawPublishStream(client: Client) {
  const identity = (b: Buffer) => b;
  const call = client.makeBidiStreamRequest(PUBLISH_PATH, identity, identity);
  const waiting: (() => void)[] = [];
  call.on("data", () => waiting.shift()?.());
  call.on("error", () => {});
  return {
    send: (message: Buffer) =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        call.write(message);
      }),
    cancel: () => call.cancel(),
  };
}
