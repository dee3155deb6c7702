import { describe, expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import { configTable, loadConfig } from "./config.ts";
import { RafagaError } from "./rafaga-error.ts";

const Schema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8080, description: "HTTP port" }),
  RATIO: Type.Number({ minimum: 0, maximum: 1, default: 0.5 }),
  VERBOSE: Type.Boolean({ default: false }),
  ROUTING: Type.Union([Type.Literal("both"), Type.Literal("kafka"), Type.Literal("rabbitmq")], {
    default: "both",
  }),
  BROKERS: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, default: ["localhost:9092"] }),
  BATCH: Type.Union([Type.Literal("auto"), Type.Integer({ minimum: 1 })], { default: "auto" }),
  PASSWORD: Type.String({ minLength: 8, default: "changeme!", secret: true }),
  VALKEY_URL: Type.Optional(Type.String()),
  TLS: Type.Union([Type.Literal(false), Type.Literal("auto")], { default: false }),
});

function configError(env: Record<string, string>): RafagaError {
  try {
    loadConfig(Schema, env);
  } catch (err) {
    expect(err).toBeInstanceOf(RafagaError);
    return err as RafagaError;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  test("applies defaults and ignores unknown variables", () => {
    const config = loadConfig(Schema, { HOME: "/root", port: "1" });
    expect(config).toEqual({
      PORT: 8080,
      RATIO: 0.5,
      VERBOSE: false,
      ROUTING: "both",
      BROKERS: ["localhost:9092"],
      BATCH: "auto",
      PASSWORD: "changeme!",
      TLS: false,
    });
  });

  test("converts strings to the schema's types", () => {
    const config = loadConfig(Schema, {
      PORT: " 3000 ",
      RATIO: "0.25",
      VERBOSE: "yes",
      ROUTING: "kafka",
      BROKERS: "a:9092, b:9092,",
      BATCH: "500",
      VALKEY_URL: "redis://valkey:6379",
      TLS: "off",
    });
    expect(config).toMatchObject({
      PORT: 3000,
      RATIO: 0.25,
      VERBOSE: true,
      ROUTING: "kafka",
      BROKERS: ["a:9092", "b:9092"],
      BATCH: 500,
      VALKEY_URL: "redis://valkey:6379",
      TLS: false,
    });
  });

  test("returns a frozen object, defaults not shared between loads", () => {
    const a = loadConfig(Schema, {});
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.BROKERS)).toBe(true);
    expect(() => {
      (a as { PORT: number }).PORT = 1;
    }).toThrow();
    expect(loadConfig(Schema, {}).BROKERS).not.toBe(a.BROKERS);
  });

  test("an empty variable means the default", () => {
    expect(loadConfig(Schema, { PORT: "" }).PORT).toBe(8080);
  });

  test("names the variable and the bad value", () => {
    const err = configError({ PORT: "abc" });
    expect(err.code).toBe("CONFIG");
    expect(err.field).toBe("PORT");
    expect(err.message).toBe('PORT must be an integer from 1 to 65535, got "abc"');
  });

  test.each([
    ["PORT", "0"],
    ["PORT", "70000"],
    ["PORT", "80.5"],
    ["PORT", "0x50"],
    ["RATIO", "1.5"],
    ["RATIO", "half"],
    ["VERBOSE", "maybe"],
    ["ROUTING", "split-brain"],
    ["ROUTING", "KAFKA"],
    ["BROKERS", " , "],
    ["BATCH", "0"],
    ["BATCH", "many"],
  ])("rejects %s=%p naming it", (name, value) => {
    const err = configError({ [name]: value });
    expect(err.field).toBe(name);
    expect(err.message.startsWith(`${name} must be`)).toBe(true);
  });

  test("lists the accepted values of a union", () => {
    expect(configError({ ROUTING: "x" }).message).toBe(
      'ROUTING must be one of both, kafka, rabbitmq, got "x"',
    );
  });

  test("keeps secrets out of messages", () => {
    const err = configError({ PASSWORD: "hunter2" });
    expect(err.field).toBe("PASSWORD");
    expect(err.message).not.toContain("hunter2");
  });

  test("requires variables without a default", () => {
    const Required = Type.Object({ KAFKA_BROKERS: Type.String({ minLength: 1 }) });
    expect(() => loadConfig(Required, {})).toThrow("KAFKA_BROKERS is required");
  });
});

describe("configTable", () => {
  test("renders one row per variable", () => {
    const table = configTable(Schema);
    expect(table).toContain("| `PORT` | an integer from 1 to 65535 | `8080` | HTTP port |");
    expect(table).toContain('| `ROUTING` | one of both, kafka, rabbitmq | `"both"` |  |');
    expect(table.trim().split("\n")).toHaveLength(2 + Object.keys(Schema.properties).length);
  });
});
