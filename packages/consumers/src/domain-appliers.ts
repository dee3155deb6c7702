import { Domain, decodeProductSale, decodeWeatherTweet, type Envelope } from "@rafaga/core";
import type {
  ApplyResult,
  LogPosition,
  SalesEvent,
  SalesStore,
  WeatherEvent,
  WeatherStore,
} from "@rafaga/store";

/** How one domain's events are decoded from the broker and applied to Valkey. */
export interface DomainApplier {
  domain: Domain;
  name: "weather" | "sales";
  /** Throws RafagaError DECODE / VALIDATION for a message that can never be applied. */
  decode(envelope: Envelope): unknown;
  /** positions[i]: where events[i] sits in a Kafka partition, when only by offset is it deduplicated. */
  apply(events: unknown[], positions?: readonly (LogPosition | undefined)[]): Promise<ApplyResult>;
}

export function weatherApplier(store: WeatherStore): DomainApplier {
  return {
    domain: Domain.WEATHER,
    name: "weather",
    decode: (e): WeatherEvent => ({
      ...decodeWeatherTweet(e.payload),
      id: e.id,
      ingestTsUs: e.ingestTsUs,
    }),
    apply: (events, positions) => store.applyBatch(events as WeatherEvent[], positions),
  };
}

export function salesApplier(store: SalesStore): DomainApplier {
  return {
    domain: Domain.SALES,
    name: "sales",
    decode: (e): SalesEvent => ({
      ...decodeProductSale(e.payload),
      id: e.id,
      ingestTsUs: e.ingestTsUs,
    }),
    apply: (events, positions) => store.applyBatch(events as SalesEvent[], positions),
  };
}
