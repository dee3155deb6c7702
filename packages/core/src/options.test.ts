import { describe, expect, test } from "bun:test";
import { Type } from "@sinclair/typebox";
import { parseOptions } from "./options.ts";
import { RafagaError } from "./rafaga-error.ts";

const Schema = Type.Object(
  {
    url: Type.String({ default: "redis://127.0.0.1:6379" }),
    size: Type.Integer({ minimum: 1, default: 10 }),
  },
  { additionalProperties: false },
);

describe("parseOptions", () => {
  test("fills defaults and keeps given values", () => {
    expect(parseOptions("Store", Schema, { size: 3 })).toEqual({
      url: "redis://127.0.0.1:6379",
      size: 3,
    });
    expect(parseOptions("Store", Schema, undefined)).toEqual({
      url: "redis://127.0.0.1:6379",
      size: 10,
    });
  });

  test("names the bad option", () => {
    try {
      parseOptions("Store", Schema, { size: 0 });
      throw new Error("accepted size 0");
    } catch (error) {
      expect(error).toBeInstanceOf(RafagaError);
      expect((error as RafagaError).code).toBe("CONFIG");
      expect((error as RafagaError).field).toBe("size");
    }
  });

  test("refuses unknown options", () => {
    expect(() => parseOptions("Store", Schema, { sise: 3 })).toThrow(RafagaError);
  });
});
