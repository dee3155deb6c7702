import { closeSync, existsSync, fstatSync, openSync, readSync, rmSync } from "node:fs";
import { createLogger, RafagaError } from "@rafaga/core";
import { kafkaServer } from "./kafka-server.ts";
import { isPortOpen } from "./port-probe.ts";
import { rabbitmqServer } from "./rabbitmq-server.ts";
import type { MemberStatus, Progress, Server } from "./service.ts";
import { withServiceLock } from "./service-lock.ts";
import { type ServiceName, serviceNames } from "./service-name.ts";
import { valkeyServer } from "./valkey-server.ts";

export const servers: Record<ServiceName, Server> = {
  kafka: kafkaServer,
  rabbitmq: rabbitmqServer,
  valkey: valkeyServer,
};

const logger = createLogger("infra");
const quiet: Progress = (message) => logger.debug(message);

function select(services?: readonly ServiceName[]): Server[] {
  return (services === undefined || services.length === 0 ? serviceNames : services).map(
    (name) => servers[name],
  );
}

/** Runs per service in parallel; reports every failure, not just the first. */
async function eachService(
  list: Server[],
  action: (server: Server) => Promise<void>,
): Promise<void> {
  const results = await Promise.allSettled(list.map(action));
  const failures = results.flatMap((r, i) =>
    r.status === "rejected"
      ? [`${list[i]?.name}: ${(r.reason as Error)?.message ?? r.reason}`]
      : [],
  );
  if (failures.length > 0) throw new RafagaError("INFRA", failures.join("\n"));
}

async function bringUp(server: Server, progress: Progress): Promise<void> {
  const say: Progress = (message) => progress(`${server.name}: ${message}`);
  await withServiceLock(server.name, async () => {
    await server.install(say);
    if (server.startMissing) await server.startMissing(say);
    else if (!(await server.isHealthy())) {
      const pid = server.ownedPid();
      if (pid !== undefined) {
        // Ours but not answering: still booting or recovering (e.g. after a crash test).
        say(`pid ${pid} is running but not healthy yet, waiting...`);
        await server.waitReady(120_000);
      } else if (await isPortOpen(server.port)) {
        throw new RafagaError(
          "INFRA",
          `port ${server.port} is taken by a process that is not a healthy ${server.name}; free it or set another port`,
        );
      } else {
        await server.start(say);
      }
    }
    await server.prepare?.(say);
    const members = (await server.members?.()) ?? [];
    if (members.length > 0) {
      const each = members.map(
        (m) =>
          `${m.name} 127.0.0.1:${m.port} (${m.pid === undefined ? "not started by infra" : `pid ${m.pid}`})`,
      );
      say(`up: ${each.join(", ")}`);
      return;
    }
    const pid = server.ownedPid();
    say(
      `up on 127.0.0.1:${server.port} (${pid === undefined ? "not started by infra" : `pid ${pid}`})`,
    );
  });
}

/** Install what is missing, start what is not healthy, create the topics. Idempotent. */
export async function up(
  services?: readonly ServiceName[],
  progress: Progress = quiet,
): Promise<void> {
  await eachService(select(services), (server) => bringUp(server, progress));
}

/** For tests: returns at once (a few protocol round trips) when everything already answers. */
export async function ensureUp(services?: readonly ServiceName[]): Promise<void> {
  const list = select(services);
  const healthy = await Promise.all(list.map((s) => s.isHealthy()));
  const kafkaListed = list.includes(kafkaServer);
  if (healthy.every(Boolean)) {
    if (kafkaListed) await kafkaServer.prepare?.(quiet);
    return;
  }
  await up(services, quiet);
}

export function isHealthy(service: ServiceName): Promise<boolean> {
  return servers[service].isHealthy();
}

export async function killService(service: ServiceName): Promise<void> {
  await servers[service].kill();
}

/** Starts a killed or stopped service and waits until clients can use it again. */
export async function startService(service: ServiceName): Promise<void> {
  const server = servers[service];
  await withServiceLock(service, async () => {
    if (server.startMissing) {
      await server.startMissing(quiet);
      return;
    }
    if (await server.isHealthy()) {
      await server.waitReady(120_000);
      return;
    }
    if (server.ownedPid() !== undefined) await server.waitReady(120_000);
    else await server.start(quiet);
  });
}

export async function down(
  services?: readonly ServiceName[],
  options: { purge?: boolean } = {},
  progress: Progress = quiet,
): Promise<void> {
  await eachService(select(services), (server) =>
    withServiceLock(server.name, async () => {
      const members = (await server.members?.()) ?? [];
      const pids = (members.length > 0 ? members.map((m) => m.pid) : [server.ownedPid()]).filter(
        (pid) => pid !== undefined,
      );
      if (pids.length > 0) progress(`${server.name}: stopping pid ${pids.join(", ")}...`);
      await server.stop();
      if (options.purge) {
        rmSync(server.dataDir, { recursive: true, force: true });
        progress(`${server.name}: purged ${server.dataDir}`);
      }
      progress(`${server.name}: down`);
    }),
  );
}

export function stopAll(options: { purge?: boolean } = {}): Promise<void> {
  return down(undefined, options);
}

export interface ServiceStatus {
  name: ServiceName;
  healthy: boolean;
  pid: number | undefined;
  port: number;
  description: string;
  /** A Kafka cluster's brokers, one by one (absent for a single process). */
  members?: MemberStatus[];
}

export async function status(services?: readonly ServiceName[]): Promise<ServiceStatus[]> {
  return Promise.all(
    select(services).map(async (server) => {
      const members = (await server.members?.()) ?? [];
      return {
        name: server.name,
        healthy: await server.isHealthy(),
        pid: server.ownedPid(),
        port: server.port,
        description: server.describe(),
        ...(members.length > 0 ? { members } : {}),
      };
    }),
  );
}

/** The last `lines` lines of each log file, with a header per file. */
export function logTails(services?: readonly ServiceName[], lines = 50): string {
  return select(services)
    .flatMap((server) =>
      server.logFiles().map((file) => {
        if (!existsSync(file)) return `==> ${server.name}: ${file} (no log yet) <==`;
        const text = readTail(file).trimEnd().split("\n").slice(-lines).join("\n");
        return `==> ${server.name}: ${file} <==\n${text}`;
      }),
    )
    .join("\n\n");
}

/** Only the end of the file: Kafka's log can grow to tens of megabytes. */
function readTail(file: string, bytes = 256 * 1024): string {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
}
