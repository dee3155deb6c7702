import { Client, credentials } from "@grpc/grpc-js";
import type { PipelineClientOptions } from "./options.ts";

/**
 * round_robin makes a channel connect to every address its target resolves to and
 * place each new stream on the next one, so "dns:///writers:50051" over a headless
 * Service spreads streams across pods instead of pinning one HTTP/2 connection to one.
 */
const serviceConfig = JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] });

export function openChannel(target: string, options: PipelineClientOptions): Client {
  return new Client(target, credentials.createInsecure(), {
    "grpc.service_config": serviceConfig,
    // Own connections per channel: channelsPerTarget really means separate TCP
    // connections, and close() really closes them (the shared pool keeps them lingering).
    "grpc.use_local_subchannel_pool": 1,
    // Detects a peer that vanished without a FIN (pod killed, network cut) while the
    // stream has batches out, well before ackTimeoutMs.
    "grpc.keepalive_time_ms": options.keepaliveMs,
    "grpc.keepalive_timeout_ms": 5_000,
    "grpc.initial_reconnect_backoff_ms": options.reconnectInitialMs,
    "grpc.max_reconnect_backoff_ms": options.reconnectMaxMs,
    "grpc.max_send_message_length": options.maxMessageBytes,
    "grpc.max_receive_message_length": options.maxMessageBytes,
    // A stream is never replayed by grpc-js: whether to resend is the caller's decision.
    "grpc.enable_retries": 0,
  });
}
