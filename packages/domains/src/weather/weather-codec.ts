import { decodeOrThrow, encodeWith, protoType } from "@rafaga/core";
import { municipalityNumber, weatherNumber } from "./weather-catalog.ts";
import { parseWeatherTweet, type WeatherTweet } from "./weather-tweet.ts";

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
 * Decodes a `WeatherTweetRequest` and validates it like an HTTP body, because gRPC
 * clients are as untrusted as HTTP ones: DECODE for broken bytes, VALIDATION for
 * values out of range (including the proto3 zero `..._unknown` enums).
 */
export function decodeWeatherTweet(bytes: Uint8Array): WeatherTweet {
  const m = decodeOrThrow<RequestWire>(Request, bytes);
  return parseWeatherTweet({
    municipality: m.municipality,
    temperature: m.temperature,
    humidity: m.humidity,
    weather: m.weather,
  });
}

export interface WeatherTweetResponse {
  status: string;
}

export function encodeWeatherTweetResponse(r: WeatherTweetResponse): Uint8Array {
  return encodeWith(Response, r);
}

export function decodeWeatherTweetResponse(bytes: Uint8Array): WeatherTweetResponse {
  return { status: decodeOrThrow<WeatherTweetResponse>(Response, bytes).status };
}
