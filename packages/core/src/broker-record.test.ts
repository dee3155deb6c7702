import { describe, expect, test } from "bun:test";
import {
  CLIENT_KEY_ID_PREFIX,
  fromBrokerRecord,
  HEADER_COPIES,
  HEADER_DOMAIN,
  HEADER_EVENT,
  HEADER_ID,
  HEADER_INGEST_TS_US,
  hasClientKey,
  hasTwin,
  toBrokerRecord,
} from "./broker-record.ts";
import type { Envelope } from "./pipeline-codec.ts";
import { RafagaError } from "./rafaga-error.ts";

// Domain numbers as the registry in @rafaga/domains gives them (core knows no domain).
const SALES = 2;

const envelope = {
  id: "01JX",
  domain: SALES,
  ingestTsUs: 1_763_000_000_000_123,
  payload: new Uint8Array([8, 4]),
};

describe("broker record", () => {
  test("round trips an envelope through headers", () => {
    expect(fromBrokerRecord(toBrokerRecord(envelope))).toEqual(envelope);
  });

  test("one header carries id, domain and ingest time", () => {
    expect(toBrokerRecord(envelope).headers).toEqual({
      [HEADER_EVENT]: "01JX 2 1763000000000123",
    });
  });

  test("an event sent to several brokers says so; one sent to one broker carries no count", () => {
    expect(toBrokerRecord(envelope).headers[HEADER_EVENT]?.split(" ")).toHaveLength(3);
    const copied = toBrokerRecord({ ...envelope, copies: 2 });
    expect(copied.headers[HEADER_EVENT]?.endsWith(" 2")).toBe(true);
    expect(fromBrokerRecord(copied)).toEqual({ ...envelope, copies: 2 });
    // A count that cannot be read errs on the side of "maybe another copy".
    const broken = { ...copied, headers: { [HEADER_EVENT]: "01JX 2 1763000000000123 x" } };
    expect(fromBrokerRecord(broken).copies).toBe(2);
  });

  test("records with a header per field (an earlier version, another tool) still decode", () => {
    const headers = {
      [HEADER_ID]: "01JX",
      [HEADER_DOMAIN]: "2",
      [HEADER_INGEST_TS_US]: "1763000000000123",
    };
    expect(fromBrokerRecord({ value: envelope.payload, headers })).toEqual(envelope);
    const copied = { value: envelope.payload, headers: { ...headers, [HEADER_COPIES]: "2" } };
    expect(fromBrokerRecord(copied)).toEqual({ ...envelope, copies: 2 });
  });

  test("hasTwin, hasClientKey: only an event with one copy and an id of ours can be deduplicated by offset alone", () => {
    const mayRepeat = (e: Envelope) => hasTwin(e) || hasClientKey(e);
    expect(mayRepeat(envelope)).toBe(false);
    expect(mayRepeat({ ...envelope, copies: 1 })).toBe(false);
    expect(mayRepeat({ ...envelope, copies: 2 })).toBe(true);
    expect(hasTwin({ ...envelope, copies: 2 })).toBe(true);
    expect(mayRepeat({ ...envelope, id: `${CLIENT_KEY_ID_PREFIX}order-17` })).toBe(true);
    expect(hasClientKey({ ...envelope, id: `${CLIENT_KEY_ID_PREFIX}order-17` })).toBe(true);
  });

  const expectDecodeError = (record: { value: Uint8Array; headers: Record<string, string> }) => {
    try {
      fromBrokerRecord(record);
    } catch (error) {
      expect(error).toBeInstanceOf(RafagaError);
      expect((error as RafagaError).code).toBe("DECODE");
      return (error as RafagaError).field;
    }
    throw new Error("accepted");
  };

  for (const value of [
    "",
    " 2 1763000000000123",
    "01JX 0 1763000000000123",
    "01JX x 1763000000000123",
    "01JX 2 x",
    "a 2 1 2 3",
    // A tab would shift the fields a store packs into its script arguments.
    "01\tJX 2 1763000000000123",
    `${"x".repeat(129)} 2 1763000000000123`,
  ]) {
    test(`a broken ${HEADER_EVENT} header ("${value}") is a DECODE error naming it`, () => {
      expect(
        expectDecodeError({ value: envelope.payload, headers: { [HEADER_EVENT]: value } }),
      ).toBe(HEADER_EVENT);
    });
  }

  for (const header of [HEADER_ID, HEADER_DOMAIN, HEADER_INGEST_TS_US]) {
    test(`in a header per field, a missing or broken ${header} is a DECODE error naming it`, () => {
      const headers: Record<string, string> = {
        [HEADER_ID]: "01JX",
        [HEADER_DOMAIN]: "2",
        [HEADER_INGEST_TS_US]: "1763000000000123",
      };
      headers[header] = header === HEADER_ID ? "" : "x";
      expect(expectDecodeError({ value: envelope.payload, headers })).toBe(header);
    });
  }

  test(`a ${HEADER_ID} header with a tab is a DECODE error naming it`, () => {
    const headers = {
      [HEADER_ID]: "01\tJX",
      [HEADER_DOMAIN]: "2",
      [HEADER_INGEST_TS_US]: "1763000000000123",
    };
    expect(expectDecodeError({ value: envelope.payload, headers })).toBe(HEADER_ID);
  });

  test("a record with none of our headers is a DECODE error naming the id", () => {
    expect(expectDecodeError({ value: envelope.payload, headers: {} })).toBe(HEADER_ID);
  });
});
