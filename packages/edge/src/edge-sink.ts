import type { BrokerProducer } from "@rafaga/brokers";
import {
  type Domain,
  type Envelope,
  EventBatcher,
  type EventBatcherOptions,
  type ServiceMetrics,
} from "@rafaga/core";
import type { EventSink } from "@rafaga/ingest";
import {
  type BrokerName,
  createRouterHandler,
  type RoutingMode,
  writersAccepting,
  writersReady,
} from "@rafaga/router";
import { createWriterHandler } from "@rafaga/writers";

export interface EdgeSinkInput {
  /** A connected producer for every broker some routing mode sends to. */
  producers: Partial<Record<BrokerName, BrokerProducer>>;
  modes: ReadonlyMap<Domain, RoutingMode>;
  destinations: ReadonlyMap<Domain, string>;
  metrics: ServiceMetrics;
  batching: Partial<EventBatcherOptions>;
}

export type EdgeSink = EventSink & { close(): Promise<void> };

/**
 * Router and writers as plain calls: ingest's events are batched per tick, routed, and
 * written by the brokers' producers in this process, with the same handlers the gRPC
 * tiers run, so both layouts route and acknowledge alike.
 */
export function createEdgeSink(input: EdgeSinkInput): EdgeSink {
  const writer = (broker: BrokerName) => {
    const producer = input.producers[broker];
    if (!producer) {
      return {
        submitMany: async () => {
          throw new Error(`no ${broker} producer: routing sends to ${broker}`);
        },
        isReady: () => false,
        isAccepting: () => false,
      };
    }
    const handle = createWriterHandler(producer, input.destinations, input.metrics);
    return {
      submitMany: (events: Envelope[]) => handle({ batchId: 0, events }),
      // Ready only while the broker can take a write: a broker found down later makes the
      // edge unready too, not only one missing at start.
      isReady: () => producer.writable(),
      isAccepting: () => producer.writable(),
    };
  };
  const writers = { kafka: writer("kafka"), rabbitmq: writer("rabbitmq") };
  const route = createRouterHandler(writers, input.modes);
  const isRouteReady = writersReady(writers, input.modes);
  const isRouteAccepting = writersAccepting(writers, input.modes);
  const batcher = new EventBatcher((events) => route({ batchId: 0, events }), input.batching);
  let closing = false;
  return {
    submitMany: (envelopes) => batcher.submitMany(envelopes),
    isReady: () => !closing && isRouteReady(),
    isAccepting: () => !closing && isRouteAccepting(),
    close: () => {
      closing = true;
      return batcher.close();
    },
  };
}
