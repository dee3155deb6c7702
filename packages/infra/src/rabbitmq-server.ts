import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RafagaError } from "@rafaga/core";
import { aptInstall, run } from "./command-runner.ts";
import { host, ports } from "./config.ts";
import { dataDir } from "./layout.ts";
import { ownedProcess } from "./owned-process.ts";
import { exchange, isPortOpen } from "./port-probe.ts";
import type { ProcessIdentity } from "./process-registry.ts";
import type { Server } from "./service.ts";

/*
 * Debian's /usr/sbin/rabbitmq-server is a wrapper that, run as root, re-executes itself as the
 * `rabbitmq` user with /var/lib/rabbitmq as home; the pid we would get is `su`'s, and the data
 * would land outside the repo. So we run the real script from /usr/lib/rabbitmq/bin directly,
 * as whoever we are, with every directory (and HOME, hence the Erlang cookie) under .data.
 */
const realScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
const epmd = "epmd";
const epmdPort = 4369;
const nodeName = "rafaga@localhost";

const dir = dataDir("rabbitmq");
const logFile = join(dir, "rabbitmq.log");
/** Marks that epmd was not running before we started RabbitMQ, so `down` may stop it. */
const epmdMarker = join(dir, "epmd-started-by-infra");

// beam.smp's argv carries `-home <HOME>`, which is our data dir: that tells our node from others.
const identity: ProcessIdentity = { exe: "beam.smp", cmdline: ["-s rabbit boot", `-home ${dir}`] };

function environment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_CONFIG_FILE: join(dir, "rabbitmq.conf"),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, "enabled_plugins"),
    RABBITMQ_MNESIA_BASE: join(dir, "mnesia"),
    RABBITMQ_LOG_BASE: join(dir, "log"),
    // Log to stdout, i.e. our single log file.
    RABBITMQ_LOGS: "-",
    RABBITMQ_PID_FILE: join(dir, "rabbit.pid"),
    RABBITMQ_DIST_PORT: String(ports.rabbitmq + 20000),
    // Keeps the Erlang distribution port and a fresh epmd off the network.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: "-kernel inet_dist_use_interface {127,0,0,1}",
    ERL_EPMD_ADDRESS: host,
    // Makes the script `exec` erl instead of waiting on it as a child: the pid we spawn is then
    // beam.smp itself, which is what killService must hit. It has no other effect without
    // NOTIFY_SOCKET.
    RUNNING_UNDER_SYSTEMD: "true",
  };
}

function writeConfig(): void {
  mkdirSync(join(dir, "log"), { recursive: true });
  writeFileSync(
    join(dir, "rabbitmq.conf"),
    [
      `listeners.tcp.default = ${host}:${ports.rabbitmq}`,
      // guest/guest only ever works from localhost, which is all we listen on.
      "loopback_users.guest = true",
      // Tests fill queues quickly on small disks; the default 50 MB limit would block publishers.
      "disk_free_limit.absolute = 10MB",
      // Every health probe and short-lived test client would otherwise log two lines.
      "log.connection.level = error",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "enabled_plugins"), "[].\n");
}

// AMQP 0-9-1 protocol header; a ready broker answers with a Connection.Start method frame.
const amqpHeader = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

async function amqpAnswers(): Promise<boolean> {
  const reply = await exchange(ports.rabbitmq, amqpHeader, (r) => r.length >= 7, 1500);
  return reply[0] === 1;
}

async function stopOurEpmd(): Promise<void> {
  if (!existsSync(epmdMarker)) return;
  const names = await run(epmd, ["-names"]);
  // Another Erlang node registered meanwhile needs epmd; leave it.
  if (!/^name /m.test(names.output)) await run(epmd, ["-kill"]);
  rmSync(epmdMarker, { force: true });
}

// Erlang/OTP turns SIGTERM into init:stop(), the same clean shutdown as `rabbitmqctl stop`,
// without needing the cookie or a second VM.
const node = ownedProcess({
  name: "rabbitmq",
  port: ports.rabbitmq,
  dir,
  logFile,
  identity,
  answers: () => amqpAnswers(),
  stopGraceMs: 30_000,
});

export const rabbitmqServer: Server = {
  ...node,
  name: "rabbitmq",
  port: ports.rabbitmq,
  dataDir: dir,

  describe: () => "rabbitmq-server 3.10 (Debian)",

  async install(progress) {
    if (existsSync(realScript)) return;
    progress("installing rabbitmq-server with apt-get (about a minute)...");
    await aptInstall("rabbitmq-server");
    if (!existsSync(realScript))
      throw new RafagaError("INFRA", `rabbitmq-server installed but ${realScript} is missing`);
  },

  async start(progress) {
    writeConfig();
    if (!(await isPortOpen(epmdPort, 300))) writeFileSync(epmdMarker, "");
    const pid = node.spawn(realScript, [], environment());
    progress(`starting node ${nodeName} (pid ${pid})...`);
    await this.waitReady(90_000);
  },

  async stop() {
    await node.stop();
    await stopOurEpmd();
  },
};
