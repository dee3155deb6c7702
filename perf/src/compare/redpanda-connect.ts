import { existsSync, mkdirSync, openSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deleteKafkaTopics } from "@rafaga/brokers";
import { counterSum, scrape } from "@rafaga/core";
import { createTopic, endpoints } from "@rafaga/infra";
import { freePort, repoRoot } from "@rafaga/runner";
import {
  applyConfig,
  ingressConfig,
  type RedpandaConnectSetup,
} from "./redpanda-connect-config.ts";

const sourceDir = join(repoRoot, "perf", "redpanda-connect");
const buildDir = join(repoRoot, ".cache", "redpanda-connect");
const binary = join(buildDir, "redpanda-connect-mini");

/**
 * Redpanda Connect with only the components our job needs (HTTP server, Kafka, Redis,
 * the pure processors), built from the pinned go.mod / go.sum: about 1.5 min the first
 * time, on the Go toolchain and module proxy. Throws saying what is missing.
 */
export async function buildRedpandaConnect(progress: (m: string) => void): Promise<string> {
  const sources = ["main.go", "go.mod", "go.sum"].map((f) => statSync(join(sourceDir, f)).mtimeMs);
  if (existsSync(binary) && statSync(binary).mtimeMs > Math.max(...sources)) return binary;
  if (Bun.which("go") === null) {
    throw new Error("comparing with Redpanda Connect needs Go 1.24+ on PATH (it is built here)");
  }
  mkdirSync(buildDir, { recursive: true });
  progress("building Redpanda Connect (only the HTTP, Kafka and Redis components)...");
  const build = Bun.spawn(["go", "build", "-o", binary, "."], {
    cwd: sourceDir,
    env: { ...process.env, GOFLAGS: "-buildvcs=false" },
    stdout: "inherit",
    stderr: "inherit",
  });
  if ((await build.exited) !== 0) throw new Error("go build of Redpanda Connect failed");
  return binary;
}

export interface RunningRedpandaConnect {
  url: string;
  pids: Record<string, number>;
  keyPrefix: string;
  /** Sales Kafka acknowledged, by the ingress process's own count. */
  sent(): Promise<number>;
  stop(): Promise<void>;
}

/** Both processes on a fresh topic, group and key prefix, once each says it is ready. */
export async function startRedpandaConnect(
  executable: string,
  logDir: string,
): Promise<RunningRedpandaConnect> {
  const tag = Math.random().toString(36).slice(2, 8);
  const setup: RedpandaConnectSetup = {
    httpPort: await freePort(),
    adminPort: await freePort(),
    kafkaBrokers: endpoints.kafkaBrokers,
    topic: `rpc-sales-${tag}`,
    partitions: 6,
    valkeyUrl: endpoints.valkeyUrl,
    keyPrefix: `rpc-${tag}:`,
    group: `rpc-apply-${tag}`,
  };
  // The apply process serves its own metrics on the next port.
  const applyAdminPort = await freePort();
  await createTopic(setup.topic, setup.partitions);
  mkdirSync(logDir, { recursive: true });
  const spawn = (name: string, config: string) => {
    const file = join(logDir, `${name}-${tag}.json`);
    writeFileSync(file, config);
    const log = openSync(join(logDir, `${name}-${tag}.log`), "w");
    return Bun.spawn([executable, "run", file], { stdout: log, stderr: log });
  };
  const ingress = spawn("rpc-ingress", ingressConfig(setup));
  const apply = spawn("rpc-apply", applyConfig({ ...setup, adminPort: applyAdminPort }));
  const admin = (port: number) => `http://127.0.0.1:${port}`;
  const stop = async () => {
    for (const p of [ingress, apply]) p.kill("SIGTERM");
    await Promise.all([ingress.exited, apply.exited]);
    await deleteKafkaTopics(endpoints.kafkaBrokers, [setup.topic]).catch(() => {});
  };
  try {
    await waitReady([admin(setup.adminPort), admin(applyAdminPort)], [ingress, apply]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${setup.httpPort}/purchase`,
    pids: { "rpc ingress": ingress.pid, "rpc apply": apply.pid },
    keyPrefix: setup.keyPrefix,
    sent: async () => counterSum(await scrape(`${admin(setup.adminPort)}/metrics`), "output_sent"),
    stop,
  };
}

async function waitReady(admins: string[], processes: Bun.Subprocess[]): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (const url of admins) {
    while (
      !(await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (processes.some((p) => p.exitCode !== null))
        throw new Error("a Redpanda Connect process exited at start-up; see its log");
      if (performance.now() > deadline) throw new Error(`${url}/ready not ready in 30 s`);
      await Bun.sleep(100);
    }
  }
}
