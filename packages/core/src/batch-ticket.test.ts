import { expect, test } from "bun:test";
import { enqueueUnderTicket, type FillingBatch, settleTickets } from "./batch-ticket.ts";
import type { Envelope } from "./pipeline-codec.ts";
import { RafagaError } from "./rafaga-error.ts";

const events = (n: number): Envelope[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `e${i}`,
    domain: 1,
    ingestTsUs: 0,
    payload: new Uint8Array(),
  }));

/** Submits of these sizes into batches of `maxBatch`; what each submit settled to. */
function submitAll(sizes: number[], maxBatch: number) {
  const batches: FillingBatch[] = [{ events: [], tickets: [], ends: [] }];
  const current = () => batches.at(-1) as FillingBatch;
  const flush = () => batches.push({ events: [], tickets: [], ends: [] });
  const outcomes: string[] = sizes.map(() => "pending");
  const errors: (RafagaError | undefined)[] = sizes.map(() => undefined);
  sizes.forEach((size, i) => {
    enqueueUnderTicket(events(size), maxBatch, current, flush).then(
      () => {
        outcomes[i] = "ok";
      },
      (error: RafagaError) => {
        outcomes[i] = error.code;
        errors[i] = error;
      },
    );
  });
  return { batches: batches.filter((b) => b.events.length > 0), outcomes, errors };
}

test("a failure about some events rejects the submits holding them and lets the others through", async () => {
  // One batch: submit 0 at positions 0-1, submit 1 at 2, submit 2 at 3-5.
  const { batches, outcomes } = submitAll([2, 1, 3], 100);
  expect(batches).toHaveLength(1);
  const failure = new RafagaError("BROKER_UNAVAILABLE", "kafka down", { failedEvents: [2, 5] });
  settleTickets(batches[0] as FillingBatch, failure);
  await Bun.sleep(0);
  expect(outcomes).toEqual(["ok", "BROKER_UNAVAILABLE", "BROKER_UNAVAILABLE"]);
});

test("a submit spread over two batches settles once both did; a failure elsewhere in a batch does not touch it", async () => {
  // Batch A: submit 0 (0-1), submit 1 (2); batch B: submit 1 (0-1), submit 2 (2).
  const { batches, outcomes } = submitAll([2, 3, 1], 3);
  expect(batches.map((b) => b.ends)).toEqual([
    [2, 3],
    [2, 3],
  ]);
  settleTickets(batches[0] as FillingBatch);
  settleTickets(
    batches[1] as FillingBatch,
    new RafagaError("BROKER_UNAVAILABLE", "down", { failedEvents: [2] }),
  );
  await Bun.sleep(0);
  expect(outcomes).toEqual(["ok", "ok", "BROKER_UNAVAILABLE"]);
});

test("a failure about the whole batch rejects every submit in it", async () => {
  const { batches, outcomes } = submitAll([1, 2], 100);
  settleTickets(batches[0] as FillingBatch, new RafagaError("TIMEOUT", "late"));
  await Bun.sleep(0);
  expect(outcomes).toEqual(["TIMEOUT", "TIMEOUT"]);
});

test("a submit that is only partly refused, or spread over batches, is never told nothing was written", async () => {
  const notWritten = (failedEvents?: number[]) =>
    new RafagaError("BROKER_UNAVAILABLE", "kafka down", {
      notWritten: true,
      ...(failedEvents ? { failedEvents } : {}),
    });
  // Submit 0 has events 0-2, of which only 1 failed; submit 1 (event 3) failed whole.
  const partly = submitAll([3, 1], 100);
  settleTickets(partly.batches[0] as FillingBatch, notWritten([1, 3]));
  await Bun.sleep(0);
  expect(partly.errors.map((e) => e?.notWritten)).toEqual([false, true]);
  // The batch's positions mean nothing to a submit.
  expect(partly.errors.map((e) => e?.failedEvents)).toEqual([undefined, undefined]);
  // Submit 0 spans two batches: the other one may still be written.
  const spread = submitAll([4, 1], 3);
  settleTickets(spread.batches[1] as FillingBatch, notWritten());
  await Bun.sleep(0);
  expect(spread.errors.map((e) => e?.notWritten)).toEqual([false, true]);
});
