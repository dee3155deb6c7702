import type { DomainModule } from "../domain-module.ts";
import { domainStore } from "../domain-store.ts";
import { decodeWeatherTweet, encodeWeatherTweet } from "./weather-codec.ts";
import type { WeatherEvent } from "./weather-event.ts";
import { weatherDashboard } from "./weather-panels.ts";
import { WeatherStore } from "./weather-store.ts";
import { parseWeatherTweet } from "./weather-tweet.ts";
import { weatherWorkload } from "./weather-workload.ts";

/** Weather reports (SPEC §1): `POST /api/tweets`, counted per municipality and weather. */
export const weatherDomain: DomainModule = {
  id: 1,
  name: "weather",
  description: "weather reports",
  http: {
    path: "/api/tweets",
    encode: (input) => encodeWeatherTweet(parseWeatherTweet(input)),
    accepted: (id) => ({ id }),
    rejected: (error) => error.toJSON(),
  },
  // The weather API's Go "deployment 1": SendTweet on port 50051.
  grpc: {
    service: "weathertweet.WeatherTweetService",
    method: "SendTweet",
    requestType: "weathertweet.WeatherTweetRequest",
    responseType: "weathertweet.WeatherTweetResponse",
    accepted: () => ({ status: "accepted" }),
  },
  // Routing "both" is the reference's: every report to Kafka and RabbitMQ, counted once.
  defaults: {
    destination: "weather-tweets",
    group: "weather-group",
    routing: "both",
    partitions: 6,
  },
  workload: (seed) => weatherWorkload(seed),
  openDashboard: (options) => weatherDashboard(options),
  openStore: (options) =>
    domainStore(
      weatherDomain,
      new WeatherStore(options),
      (e): WeatherEvent => ({
        ...decodeWeatherTweet(e.payload),
        id: e.id,
        ingestTsUs: e.ingestTsUs,
      }),
    ),
};
