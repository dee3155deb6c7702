import { connectionOptions } from "@rafaga/store";
import { type Static, Type } from "@sinclair/typebox";

export const WeatherStoreOptions = Type.Object(
  {
    ...connectionOptions,
    /** Length of the `weather_latest` list. Capped so one batch's LPUSH fits Lua's stack. */
    latestLength: Type.Integer({ minimum: 0, maximum: 1000, default: 100 }),
  },
  { additionalProperties: false },
);
export type WeatherStoreOptions = Static<typeof WeatherStoreOptions>;
