import { describe, expect, test } from "bun:test";
import {
  fromBrokerRecord,
  HEADER_DOMAIN,
  HEADER_ID,
  HEADER_INGEST_TS_US,
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
