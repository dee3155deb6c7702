import { describe, expect, test } from "bun:test";
import {
  CLIENT_KEY_ID_PREFIX,
  fromBrokerRecord,
  HEADER_COPIES,
  HEADER_DOMAIN,
  HEADER_ID,
  HEADER_INGEST_TS_US,
  mayRepeat,
  toBrokerRecord,
} from "./broker-record.ts";
import { Domain } from "./domain.ts";
import { RafagaError } from "./rafaga-error.ts";

const envelope = {
  id: "01JX",
  domain: Domain.SALES,
  ingestTsUs: 1_763_000_000_000_123,
  payload: new Uint8Array([8, 4]),
};

describe("broker record", () => {
  test("round trips an envelope through headers", () => {
    expect(fromBrokerRecord(toBrokerRecord(envelope))).toEqual(envelope);
  });

  test("an event sent to several brokers says so; one sent to one broker carries no count", () => {
    expect(toBrokerRecord(envelope).headers[HEADER_COPIES]).toBeUndefined();
    const copied = toBrokerRecord({ ...envelope, copies: 2 });
    expect(copied.headers[HEADER_COPIES]).toBe("2");
    expect(fromBrokerRecord(copied)).toEqual({ ...envelope, copies: 2 });
    // A count that cannot be read errs on the side of "maybe another copy".
    expect(
      fromBrokerRecord({ ...copied, headers: { ...copied.headers, [HEADER_COPIES]: "x" } }).copies,
    ).toBe(2);
  });

  test("mayRepeat: only an event with one copy and an id of ours can be deduplicated by offset", () => {
    expect(mayRepeat(envelope)).toBe(false);
    expect(mayRepeat({ ...envelope, copies: 1 })).toBe(false);
    expect(mayRepeat({ ...envelope, copies: 2 })).toBe(true);
    expect(mayRepeat({ ...envelope, id: `${CLIENT_KEY_ID_PREFIX}order-17` })).toBe(true);
  });

  for (const header of [HEADER_ID, HEADER_DOMAIN, HEADER_INGEST_TS_US]) {
    test(`a missing or broken ${header} is a DECODE error naming it`, () => {
      const record = toBrokerRecord(envelope);
      record.headers[header] = header === HEADER_ID ? "" : "x";
      try {
        fromBrokerRecord(record);
        throw new Error("accepted");
      } catch (error) {
        expect(error).toBeInstanceOf(RafagaError);
        expect((error as RafagaError).code).toBe("DECODE");
        expect((error as RafagaError).field).toBe(header);
      }
    });
  }
});
