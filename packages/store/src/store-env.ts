import { Type } from "@sinclair/typebox";

/** The variables of every process that opens Valkey (consumers, dashboard). */
export const ValkeyEnv = {
  VALKEY_URL: Type.String({
    default: "redis://127.0.0.1:6379",
    description: "Valkey URL",
    secret: true,
  }),
  KEY_PREFIX: Type.String({
    default: "",
    description: "prepended to every Valkey key (tests use a fresh one)",
  }),
};
