import type { OutboundMessage } from "@rafaga/brokers";
import { eventId, nowUs, toBrokerRecord } from "@rafaga/core";
import {
  encodeWeatherTweet,
  MUNICIPALITIES,
  type Municipality,
  WEATHERS,
  type Weather,
  weatherDomain,
} from "@rafaga/domains";

/**
 * Broker messages exactly as the writer tier sends them: the reference protobuf plus the
 * three rafaga headers and the event id as key, so record sizes match production. Built
 * once per run and reused across batches: the writer tier receives envelopes ready-made,
 * so building them inside the timed loop would charge the client for work it never does.
 */
export function sampleMessages(count: number, seed = 42): OutboundMessage[] {
  let state = seed;
  // A fixed-seed LCG: the same run twice sends the same bodies, so sizes never drift.
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, () =>
    toBrokerRecord({
      id: eventId(),
      domain: weatherDomain.id,
      ingestTsUs: nowUs(),
      payload: encodeWeatherTweet({
        municipality: MUNICIPALITIES[next(4)] as Municipality,
        weather: WEATHERS[next(4)] as Weather,
        temperature: 15 + next(21),
        humidity: 30 + next(61),
      }),
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
