import { expect, test } from "bun:test";
import type { DomainDashboard, Panel } from "@rafaga/domains";
import { PanelFeed } from "./panel-feed.ts";
import type { DashboardSnapshot } from "./snapshot.ts";

/** A domain whose count the test sets; counts its reads; fails while `down`. */
function fakeDomain() {
  const state = { count: 0, reads: 0, down: false, hang: false };
  const dashboard: DomainDashboard = {
    read: async () => {
      state.reads++;
      if (state.hang) return new Promise<Panel[]>(() => {});
      if (state.down) throw new Error("valkey down");
      const panel: Panel = {
        id: "n",
        title: "n",
        kind: "figures",
        figures: [{ label: "n", text: String(state.count) }],
      };
      return [panel];
    },
    close: async () => {},
  };
  return { state, source: { name: "fake", description: "fakes", dashboard } };
}

const shown = (json: string) => {
  const s = JSON.parse(json) as DashboardSnapshot;
  const panel = s.domains[0]?.panels[0];
  return { text: panel?.kind === "figures" ? panel.figures[0]?.text : undefined, error: s.error };
};

test("one read per interval for any number of viewers; a push only when a value changed", async () => {
  const { state, source } = fakeDomain();
  const feed = new PanelFeed([source], 20);
  const seen: string[][] = [[], [], []];
  const unsubscribe = seen.map((list) => feed.subscribe((s) => list.push(s)));
  feed.start();
  await Bun.sleep(200);
  // Events pour in between reads: each viewer still gets one push per changed read.
  for (let i = 1; i <= 1000; i++) state.count = i;
  await Bun.sleep(200);
  const readsAfter = state.reads;
  expect(readsAfter).toBeGreaterThan(5);
  expect(readsAfter).toBeLessThan(40);
  for (const list of seen) expect(list.map((s) => shown(s).text)).toEqual(["0", "1000"]);

  // A late viewer gets the latest snapshot at once.
  const late: string[] = [];
  feed.subscribe((s) => late.push(s));
  expect(late.map((s) => shown(s).text)).toEqual(["1000"]);
  for (const u of unsubscribe) u();
  expect(feed.viewers).toBe(1);
  await feed.close();
  await feed.close();
  const readsAtClose = state.reads;
  await Bun.sleep(100);
  expect(state.reads).toBe(readsAtClose);
});

test("while Valkey is down the last panels stay, with the error, and come back after", async () => {
  const { state, source } = fakeDomain();
  state.count = 7;
  const feed = new PanelFeed([source], 20);
  const pushes: string[] = [];
  feed.subscribe((s) => pushes.push(s));
  feed.start();
  await Bun.sleep(100);
  expect(await feed.ready()).toBe(true);
  state.down = true;
  await Bun.sleep(100);
  expect(pushes.map(shown)).toEqual([
    { text: "7", error: undefined },
    { text: "7", error: "valkey down" },
  ]);
  state.down = false;
  state.count = 8;
  await Bun.sleep(100);
  expect(shown(pushes.at(-1) as string)).toEqual({ text: "8", error: undefined });
  await feed.close();
});

test("nobody watching, nothing is read: a viewer starts the reads, leaving stops them", async () => {
  const { state, source } = fakeDomain();
  const feed = new PanelFeed([source], 20);
  feed.start();
  await Bun.sleep(150);
  expect(state.reads).toBe(1);

  const pushes: string[] = [];
  const leave = feed.subscribe((s) => pushes.push(s));
  state.count = 5;
  await Bun.sleep(150);
  const whileWatched = state.reads;
  expect(whileWatched).toBeGreaterThan(3);
  expect(shown(pushes.at(-1) as string).text).toBe("5");

  leave();
  await Bun.sleep(60);
  const afterLeaving = state.reads;
  await Bun.sleep(150);
  expect(state.reads).toBe(afterLeaving);
  await feed.close();
});

test("unwatched, the panels and readiness read on demand, at most once per interval", async () => {
  const { state, source } = fakeDomain();
  const feed = new PanelFeed([source], 100);
  feed.start();
  await Bun.sleep(20);
  state.count = 9;
  // Within the interval the snapshot read at start is current enough.
  expect(shown((await feed.current()) as string).text).toBe("0");
  expect(state.reads).toBe(1);
  await Bun.sleep(120);
  const [a, b] = await Promise.all([feed.current(), feed.current()]);
  expect([a, b].map((s) => shown(s as string).text)).toEqual(["9", "9"]);
  expect(state.reads).toBe(2);

  // Readiness reads only once the last good read is too old, and tells what it found.
  expect(await feed.ready()).toBe(true);
  expect(state.reads).toBe(2);
  state.down = true;
  await Bun.sleep(3 * 100 + 1000 + 20);
  expect(await feed.ready()).toBe(false);
  expect(state.reads).toBe(3);
  state.down = false;
  expect(await feed.ready()).toBe(true);
  expect(state.reads).toBe(4);
  await feed.close();
  expect(await feed.ready()).toBe(false);
});

test("a read that hangs holds a request up for 2 s at most: the last panels, and not ready", async () => {
  const { state, source } = fakeDomain();
  state.count = 3;
  const feed = new PanelFeed([source], 20);
  feed.start();
  await Bun.sleep(1100);
  state.hang = true;
  const asked = performance.now();
  const [panels, ready] = await Promise.all([feed.current(), feed.ready()]);
  const waited = performance.now() - asked;
  expect(shown(panels as string).text).toBe("3");
  expect(ready).toBe(false);
  expect(waited).toBeGreaterThan(1900);
  expect(waited).toBeLessThan(5000);
  // Both waited on the same read.
  expect(state.reads).toBe(2);
});
