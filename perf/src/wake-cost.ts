/**
 * What one wake-up from idle costs on this machine: a process that sleeps 1 ms on a timer
 * and wakes, over and over, in its own child of Bun and of Node, charged its CPU per wake.
 * At low load every hop of the pipeline wakes once per batch (request in, ack back), so a
 * tier's CPU per event there is about its wake-ups per event times this figure: on our
 * 2-core VM 34-38 us under Bun and 44-47 under Node (2026-12-07), where a minimal Bun.serve
 * answers a request for about 12 us at 64 connections. The same loop in C (a timerfd in
 * epoll, compiled with the machine's `cc`) is the floor no runtime can go under: the
 * kernel's and the hypervisor's share of a wake-up.
 *
 *   bun perf/src/wake-cost.ts [seconds=2]
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The sleeping loop, the same text for both runtimes; prints its CPU per wake-up in us. */
const LOOP = `
const t0 = process.cpuUsage();
const end = performance.now() + SECONDS * 1000;
let wakes = 0;
while (performance.now() < end) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  wakes++;
}
const cpu = process.cpuUsage(t0);
console.log(((cpu.user + cpu.system) / wakes).toFixed(1));
`;

/** The same loop in C: sleep 1 ms on a timerfd in epoll, wake, over and over. */
const C_LOOP = `
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  double seconds = atof(argv[1]);
  int ep = epoll_create1(0), tf = timerfd_create(CLOCK_MONOTONIC, 0);
  struct epoll_event ev = {.events = EPOLLIN};
  epoll_ctl(ep, EPOLL_CTL_ADD, tf, &ev);
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  long wakes = 0;
  do {
    struct itimerspec in1ms = {{0, 0}, {0, 1000000}};
    timerfd_settime(tf, 0, &in1ms, 0);
    epoll_wait(ep, &ev, 1, -1);
    unsigned long long expirations;
    if (read(tf, &expirations, 8) != 8) return 1;
    wakes++;
    clock_gettime(CLOCK_MONOTONIC, &now);
  } while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  double us = (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e6 + r.ru_utime.tv_usec + r.ru_stime.tv_usec;
  printf("%.1f\\n", us / wakes);
  return 0;
}
`;

export interface WakeCost {
  bunUs: number;
  nodeUs: number;
  /** The C loop's; NaN where no C compiler is installed. */
  cUs: number;
}

/** Runs one loop; what it prints is its CPU per wake-up in us. NaN if it failed. */
async function printedUs(command: string[]): Promise<number> {
  const proc = Bun.spawn(command, { stdout: "pipe", stderr: "ignore" });
  const out = (await new Response(proc.stdout).text()).trim();
  return (await proc.exited) === 0 ? Number(out) : Number.NaN;
}

const loopUs = (runtime: string[], seconds: number) =>
  printedUs([...runtime, LOOP.replace("SECONDS", String(seconds))]);

/** The C loop built with `cc` in a temporary directory and run; NaN if it cannot be built. */
async function cLoopUs(seconds: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "wake-cost-"));
  try {
    writeFileSync(join(dir, "wake.c"), C_LOOP);
    const binary = join(dir, "wake");
    const cc = Bun.spawnSync(["cc", "-O2", "-o", binary, join(dir, "wake.c")], {
      stdout: "ignore",
      stderr: "ignore",
    });
    if (!cc.success) return Number.NaN;
    // Awaited here, so that the directory goes only once the loop is done.
    return await printedUs([binary, String(seconds)]);
  } catch {
    return Number.NaN;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Measured one after the other, so that neither wakes the other. */
export async function measureWakeCost(seconds = 2): Promise<WakeCost> {
  return {
    bunUs: await loopUs([process.execPath, "-e"], seconds),
    // ESM, for the top-level await.
    nodeUs: await loopUs(["node", "--input-type=module", "-e"], seconds),
    cUs: await cLoopUs(seconds),
  };
}

if (import.meta.main) {
  const { bunUs, nodeUs, cUs } = await measureWakeCost(Number(process.argv[2] ?? 2));
  console.log(
    `CPU per wake-up from a 1 ms sleep: Bun ${bunUs} us, Node ${nodeUs} us, C ${cUs} us (the machine's floor)`,
  );
}
