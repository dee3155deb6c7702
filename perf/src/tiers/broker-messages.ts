import type { OutboundMessage } from "@rafaga/brokers";
import { eventId, nowUs, toBrokerRecord } from "@rafaga/core";
import { cyclicWeatherReport, encodeWeatherTweet, weatherDomain } from "@rafaga/domains";

/**
 * Broker messages exactly as the writer tier sends them: the reference protobuf (the
 * weather domain's fixed cycle, so sizes never drift) plus the rafaga header, so record
 * sizes match production. Built once per run and reused across batches: the writer tier
 * receives envelopes ready-made, so building them inside the timed loop would charge the
 * client for work it never does.
 */
export function sampleMessages(count: number): OutboundMessage[] {
  return Array.from({ length: count }, (_, n) =>
    toBrokerRecord({
      id: eventId(),
      domain: weatherDomain.id,
      ingestTsUs: nowUs(),
      payload: encodeWeatherTweet(cyclicWeatherReport(n)),
    }),
  );
}

/** Bytes a broker stores per record before framing: key, value, header names and values. */
export function recordBytes(m: OutboundMessage): number {
  const headers = Object.entries(m.headers ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0);
  return (m.key?.length ?? 0) + m.value.length + headers;
}

/** The mean record size, rounded: what Kafka's perf tool and the raw AMQP loop are told to send. */
export function meanRecordBytes(messages: OutboundMessage[]): number {
  return Math.round(messages.reduce((n, m) => n + recordBytes(m), 0) / messages.length);
}
