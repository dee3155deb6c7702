import { decodeOrThrow, encodeWith, protoType, RafagaError } from "@rafaga/core";
import {
  municipalityName,
  municipalityNumber,
  weatherName,
  weatherNumber,
} from "./weather-catalog.ts";
import type { WeatherTweet } from "./weather-tweet.ts";

const Request = protoType("weathertweet.WeatherTweetRequest");
const Response = protoType("weathertweet.WeatherTweetResponse");

interface RequestWire {
  municipality: number;
  temperature: number;
  humidity: number;
  weather: number;
}

/** Encodes a validated report as the reference `WeatherTweetRequest`. */
export function encodeWeatherTweet(t: WeatherTweet): Uint8Array {
  const wire: RequestWire = {
    municipality: municipalityNumber(t.municipality) ?? 0,
    temperature: t.temperature,
    humidity: t.humidity,
    weather: weatherNumber(t.weather) ?? 0,
  };
  return encodeWith(Request, wire);
}

/**
 * Decodes a report that ingest validated and encoded: values are not checked again (that
 * happened once, at the edge). DECODE for broken bytes and for enum numbers without a
 * name (the proto3 zero `..._unknown` included), which the store could not write.
 * Untrusted protobuf (a gRPC client's) goes through `parseWeatherTweet` instead.
 */
export function decodeWeatherTweet(bytes: Uint8Array): WeatherTweet {
  const m = decodeOrThrow<RequestWire>(Request, bytes);
  const municipality = municipalityName(m.municipality);
  if (municipality === undefined) throw unnamed("municipality", m.municipality);
  const weather = weatherName(m.weather);
  if (weather === undefined) throw unnamed("weather", m.weather);
  return { municipality, weather, temperature: m.temperature, humidity: m.humidity };
}

const unnamed = (field: string, value: number) =>
  new RafagaError("DECODE", `weather report with no ${field} numbered ${value}`, { field });

export interface WeatherTweetResponse {
  status: string;
}

export function encodeWeatherTweetResponse(r: WeatherTweetResponse): Uint8Array {
  return encodeWith(Response, r);
}

export function decodeWeatherTweetResponse(bytes: Uint8Array): WeatherTweetResponse {
  return { status: decodeOrThrow<WeatherTweetResponse>(Response, bytes).status };
}
