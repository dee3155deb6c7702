import { firstFieldError } from "@rafaga/core";
import { type Static, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { MUNICIPALITIES, type Municipality, WEATHERS, type Weather } from "./weather-catalog.ts";

/**
 * The body of `POST /api/tweets` (SPEC §1). Enums accept the name or the protobuf
 * enum number, because many existing clients send integers.
 */
export const WeatherTweetInput = Type.Object(
  {
    municipality: Type.Union(
      [
        Type.Union(MUNICIPALITIES.map((m) => Type.Literal(m))),
        Type.Integer({ minimum: 1, maximum: MUNICIPALITIES.length }),
      ],
      { description: "Name, or the enum number 1..4 in that order" },
    ),
    // The recorded extremes on Earth are -89.2 °C and 56.7 °C: anything outside
    // -90..70 is a broken client or a unit mix-up (Fahrenheit, Kelvin), not weather,
    // and it would poison the averages on the dashboards.
    temperature: Type.Integer({ minimum: -90, maximum: 70, description: "Degrees Celsius" }),
    humidity: Type.Integer({ minimum: 0, maximum: 100, description: "Relative humidity, %" }),
    weather: Type.Union(
      [
        Type.Union(WEATHERS.map((w) => Type.Literal(w))),
        Type.Integer({ minimum: 1, maximum: WEATHERS.length }),
      ],
      { description: "Name, or the enum number 1..4 in that order" },
    ),
  },
  { additionalProperties: false },
);

export type WeatherTweetInput = Static<typeof WeatherTweetInput>;

/** A validated report with enums as names: what the pipeline carries. */
export interface WeatherTweet {
  municipality: Municipality;
  weather: Weather;
  temperature: number;
  humidity: number;
}

const check = TypeCompiler.Compile(WeatherTweetInput);

/** Validates and normalizes; throws RafagaError VALIDATION naming the first bad field. */
export function parseWeatherTweet(input: unknown): WeatherTweet {
  if (!check.Check(input)) throw firstFieldError(WeatherTweetInput, input);
  const m = input.municipality;
  const w = input.weather;
  return {
    municipality: typeof m === "number" ? (MUNICIPALITIES[m - 1] as Municipality) : m,
    weather: typeof w === "number" ? (WEATHERS[w - 1] as Weather) : w,
    temperature: input.temperature,
    humidity: input.humidity,
  };
}
