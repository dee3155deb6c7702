import { RafagaError } from "@rafaga/core";
import { host } from "./config.ts";
import { waitForPortClosed, waitUntil } from "./port-probe.ts";
import {
  forgetPid,
  isAlive,
  ownedPid,
  type ProcessIdentity,
  signal,
  spawnDetached,
  terminate,
  writePid,
} from "./process-registry.ts";
import type { Server } from "./service.ts";

export interface OwnedProcessSpec {
  /** "valkey", "rabbitmq": for messages. */
  name: string;
  port: number;
  /** Its data directory, which holds the pid file. */
  dir: string;
  logFile: string;
  /** A function when the identity depends on what is installed. */
  identity: ProcessIdentity | (() => ProcessIdentity);
  /** A real protocol request, not just an open port. */
  answers: () => Promise<boolean>;
  /** How long a clean shutdown may take before SIGKILL. */
  stopGraceMs: number;
}

/**
 * The life cycle every single-process server of infra shares: spawn it detached with its
 * pid recorded, wait until it answers (giving up at once if it died), stop it cleanly,
 * kill it for a crash test. What differs (install, arguments, config) stays in the server.
 */
export function ownedProcess(spec: OwnedProcessSpec) {
  const identity = () => (typeof spec.identity === "function" ? spec.identity() : spec.identity);
  const pid = () => ownedPid(spec.dir, identity());
  const lifecycle = {
    ownedPid: pid,
    isHealthy: () => spec.answers().catch(() => false),
    logFiles: () => [spec.logFile],

    /** Spawns the server and records its pid; does not wait. */
    spawn(command: string, args: string[], env?: NodeJS.ProcessEnv): number {
      const spawned = spawnDetached({ command, args, cwd: spec.dir, env, logFile: spec.logFile });
      writePid(spec.dir, spawned);
      return spawned;
    },

    async waitReady(timeoutMs: number): Promise<void> {
      const started = pid();
      await waitUntil(`${spec.name} on ${host}:${spec.port}`, () => spec.answers(), {
        timeoutMs,
        abort: () =>
          started !== undefined && !isAlive(started)
            ? `the server exited; see ${spec.logFile}`
            : undefined,
      });
    },

    async stop(): Promise<void> {
      const running = pid();
      if (running !== undefined) await terminate(running, spec.stopGraceMs);
      forgetPid(spec.dir);
    },

    async kill(): Promise<void> {
      const running = pid();
      if (running === undefined) {
        throw new RafagaError("INFRA", `${spec.name}: no server of ours is running`);
      }
      signal(running, "SIGKILL");
      await waitForPortClosed(spec.port, 10_000);
    },
  } satisfies Partial<Server> & Record<string, unknown>;
  return lifecycle;
}
