import { join } from "node:path";
import { RafagaError } from "@rafaga/core";
import { bundleForNode, repoRoot } from "./node-bundle.ts";
import { type PipelineLayout, pipelineTiers } from "./pipeline-layout.ts";
import { ensurePortsFree, portClaims } from "./port-check.ts";
import { TierProcess, type TierSpec } from "./tier-process.ts";
import { type SupervisorOptions, type TierExit, TierSupervisor } from "./tier-supervisor.ts";

export interface RunningPipeline {
  tiers: TierProcess[];
  ingestUrl: string;
  /** host:port of the reference gRPC services, when the layout serves them. */
  grpcAddress?: string;
  /** The dashboard page, when the layout has one. */
  dashboardUrl?: string;
  /** Idempotent; stops the edge first so that what is in flight drains toward the consumers. */
  stop(): Promise<void>;
  /** SIGKILLs one tier (a crash, for tests) and waits until it is gone. */
  kill(name: string): Promise<void>;
  /** Starts a killed or stopped tier again and waits until it is ready. */
  restart(name: string): Promise<void>;
  /** Restarts so far by the supervisor, per tier (all 0 when not supervised). */
  restarts(): Record<string, number>;
}

export interface PipelineRunOptions {
  log?: (line: string) => void;
  readyTimeoutMs?: number;
  /** Restart a tier that exits unasked (npm run serve / npm start); tests opt in. */
  supervise?: boolean | Partial<SupervisorOptions>;
  /** Told of each restart (e.g. a metrics counter). */
  onRestart?: (exit: TierExit) => void;
  /**
   * How a tier's process starts, e.g. inside a container image (k8s/images); by default its
   * command runs as it is. Called again for each restart with the tier's own spec.
   */
  launch?: (spec: TierSpec) => TierSpec;
}

/**
 * Starts every tier as its own process and waits until each answers ready. A port that
 * some other process holds fails the start before any tier runs, naming it. If a tier
 * dies during start-up the others are stopped and the error names it, with its last
 * lines of output.
 */
export async function startPipeline(
  layout: PipelineLayout,
  opts: PipelineRunOptions = {},
): Promise<RunningPipeline> {
  const [writer, consumer] = await bundleForNode(
    [
      join(repoRoot, "packages/writers/src/main.ts"),
      join(repoRoot, "packages/consumers/src/main.ts"),
    ],
    join(repoRoot, "dist", "node"),
  );
  if (!writer || !consumer)
    throw new RafagaError("INFRA", "the Node bundle of the Kafka tiers is missing");
  const recent = new Map<string, string[]>();
  const log = opts.log ?? ((line: string) => console.log(line));
  const specs = new Map<string, TierSpec>();
  const spawn = (spec: TierSpec) =>
    new TierProcess(opts.launch ? opts.launch(spec) : spec, repoRoot, (line) => {
      const lines = recent.get(spec.name) ?? [];
      lines.push(line);
      if (lines.length > 20) lines.shift();
      recent.set(spec.name, lines);
      log(line);
    });
  for (const spec of pipelineTiers(layout, { writer, consumer })) specs.set(spec.name, spec);
  await ensurePortsFree(portClaims([...specs.values()]), {
    log: (line) => log(`${"runner".padEnd(17)}| ${line}`),
  });
  const tiers = [...specs.values()].map(spawn);
  const find = (name: string) => {
    const index = tiers.findIndex((t) => t.spec.name === name);
    if (index < 0) throw new RafagaError("INFRA", `no tier named ${name}`);
    return index;
  };
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  const supervisor = opts.supervise
    ? new TierSupervisor(
        {
          respawn: (name) => {
            const index = find(name);
            const fresh = spawn(specs.get(name) as TierSpec);
            tiers[index] = fresh;
            return fresh;
          },
          waitReady: (tier) => waitReady([tier], readyTimeoutMs, recent),
          exited: (exit) => {
            log(`${"supervisor".padEnd(17)}| ${describeExit(exit)}`);
            opts.onRestart?.(exit);
          },
          ready: (name, downMs) =>
            log(
              `${"supervisor".padEnd(17)}| ${name} ready again ${Math.round(downMs)} ms after it exited`,
            ),
          failed: (name, error) =>
            log(`${"supervisor".padEnd(17)}| ${name} did not come back: ${error}`),
        },
        typeof opts.supervise === "object" ? opts.supervise : {},
      )
    : undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    supervisor?.stop();
    stopping ??= (async () => {
      for (const tier of [...tiers].reverse()) await tier.stop();
    })();
    return stopping;
  };
  try {
    await waitReady(tiers, readyTimeoutMs, recent);
  } catch (error) {
    await stop();
    throw error;
  }
  for (const tier of tiers) supervisor?.watch(tier);
  return {
    tiers,
    ingestUrl: `http://127.0.0.1:${layout.ports.ingest}`,
    ...(layout.ports.grpc === undefined ? {} : { grpcAddress: `127.0.0.1:${layout.ports.grpc}` }),
    ...(layout.ports.dashboard === undefined
      ? {}
      : { dashboardUrl: `http://127.0.0.1:${layout.ports.dashboard}/` }),
    stop,
    kill: async (name) => {
      const tier = tiers[find(name)] as TierProcess;
      tier.kill();
      await tier.exited;
    },
    restart: async (name) => {
      const index = find(name);
      const old = tiers[index] as TierProcess;
      if (old.running) await old.stop();
      const fresh = spawn(specs.get(name) as TierSpec);
      tiers[index] = fresh;
      supervisor?.watch(fresh);
      await waitReady([fresh], readyTimeoutMs, recent);
    },
    restarts: () =>
      Object.fromEntries(tiers.map((t) => [t.spec.name, supervisor?.restarts(t.spec.name) ?? 0])),
  };
}

function describeExit(e: TierExit): string {
  const how = e.signal ? `killed by ${e.signal}` : `exited with code ${e.code}`;
  const when = e.delayMs > 0 ? `in ${e.delayMs} ms` : "now";
  return `${e.name} ${how} after ${(e.ranMs / 1000).toFixed(1)} s; restart ${e.restarts} ${when}`;
}

async function waitReady(
  tiers: TierProcess[],
  timeoutMs: number,
  recent: Map<string, string[]>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(tiers.filter((t) => t.spec.readyUrl));
  while (pending.size > 0) {
    for (const tier of tiers) {
      if (!tier.running) {
        const tail = (recent.get(tier.spec.name) ?? []).slice(-5).join("\n");
        throw new RafagaError("INFRA", `${tier.spec.name} exited during start-up:\n${tail}`);
      }
    }
    for (const tier of [...pending]) {
      const ok = await fetch(tier.spec.readyUrl as string, { signal: AbortSignal.timeout(1000) })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) pending.delete(tier);
    }
    if (pending.size === 0) return;
    if (Date.now() > deadline) {
      const names = [...pending].map((t) => t.spec.name).join(", ");
      throw new RafagaError("TIMEOUT", `not ready after ${timeoutMs} ms: ${names}`);
    }
    await Bun.sleep(200);
  }
}
