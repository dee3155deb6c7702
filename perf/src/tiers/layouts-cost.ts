import { counterSum, scrape } from "@rafaga/core";
import type { LayoutKind } from "@rafaga/runner";
import { cpuPerEvent, cpuSecondsMeter } from "@rafaga/runner";
import type { Measurement } from "../harness.ts";

export interface PhaseCost {
  layout: LayoutKind;
  connections: number;
  round: number;
  events: number;
  /** CPU microseconds per applied event, per process. */
  perProcessUs: Record<string, number>;
  /** Summed over every process but the load generator. */
  pipelineUs: number;
  text: string;
}

/** Ingest's own count of accepted events, read once nothing is in flight. */
export async function acceptedSoFar(ingestUrl: string): Promise<number> {
  const deadline = performance.now() + 15_000;
  let metrics = await scrape(`${ingestUrl}/metrics`);
  while (
    counterSum(metrics, "rafaga_ingest_in_flight_events") > 0 &&
    performance.now() < deadline
  ) {
    await Bun.sleep(20);
    metrics = await scrape(`${ingestUrl}/metrics`);
  }
  return counterSum(metrics, "rafaga_ingest_events_total", { outcome: "accepted" });
}

/**
 * Runs one load phase and charges every process's CPU, from the load's start until Valkey
 * applied what the phase added, to the events of that phase.
 */
export async function costPerEvent(phase: {
  pids: Record<string, number>;
  ingestUrl: string;
  applied: () => Promise<number>;
  load: () => Promise<Measurement>;
}): Promise<{
  measurement: Measurement;
  cost: Omit<PhaseCost, "layout" | "connections" | "round">;
}> {
  const before = await acceptedSoFar(phase.ingestUrl);
  const meter = cpuSecondsMeter(phase.pids);
  const measurement = await phase.load();
  const after = await acceptedSoFar(phase.ingestUrl);
  const deadline = performance.now() + 60_000;
  while ((await phase.applied()) < after && performance.now() < deadline) await Bun.sleep(20);
  const events = after - before;
  const { perProcessUs, pipelineUs, text } = cpuPerEvent(meter().cpu, events);
  return { measurement, cost: { events, perProcessUs, pipelineUs, text } };
}

export function formatCost(c: PhaseCost): string {
  return `${c.layout} layout, ${c.connections} connections, round ${c.round}: pipeline ${c.text}`;
}
