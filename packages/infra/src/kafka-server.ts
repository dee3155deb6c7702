import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RafagaError } from "@rafaga/core";
import { commandExists, runOrThrow } from "./command-runner.ts";
import {
  defaultTopics,
  host,
  type KafkaNodePorts,
  kafkaBrokers,
  kafkaNodePorts,
} from "./config.ts";
import {
  type ClusterMetadata,
  createTopicOnBroker,
  fetchMetadata,
  topicsHaveLeaders,
} from "./kafka-admin.ts";
import { kafkaNodeDir } from "./kafka-cluster-size.ts";
import { kafkaLog4jProperties, kafkaNodeProperties } from "./kafka-node-config.ts";
import { cacheDir, dataDir, infraPackageDir } from "./layout.ts";
import { ownedProcess } from "./owned-process.ts";
import { isPortOpen, waitUntil } from "./port-probe.ts";
import { isAlive, type ProcessIdentity } from "./process-registry.ts";
import type { MemberStatus, Progress, Server } from "./service.ts";

const version = "4.2.0";
const libs = join(cacheDir, `kafka-${version}`, "libs");
/** Written after Maven succeeds: a half-copied libs folder must not count as installed. */
const libsComplete = join(libs, ".complete");
const pom = join(infraPackageDir, "kafka", "pom.xml");

/** A Kafka of one or more combined broker + controller nodes, each a JVM of its own. */
export interface KafkaServer extends Server {
  readonly brokers: number;
  /** Every broker's address, comma-separated: a client's bootstrap list. */
  readonly bootstrap: string;
  /** Creates the topic (replicated to every broker) unless it exists, and waits for its leaders. */
  createTopic(name: string, partitions: number): Promise<void>;
  /** From the first broker that answers. */
  metadata(topics?: string[]): Promise<ClusterMetadata>;
  /** SIGKILL one broker, to simulate its crash; resolves once its port is closed. */
  killBroker(nodeId: number): Promise<void>;
  /** Starts one broker again and waits until it is registered and every topic has a leader. */
  startBroker(nodeId: number): Promise<void>;
}

interface KafkaNode extends KafkaNodePorts {
  dir: string;
  logDirs: string;
  serverProperties: string;
  log4jProperties: string;
  logFile: string;
  identity: ProcessIdentity;
}

function java(
  node: KafkaNode,
  mainClass: string,
  args: string[],
  heap: string[] = [],
): [string, string[]] {
  return [
    "java",
    [
      ...heap,
      `-Dlog4j2.configurationFile=${node.log4jProperties}`,
      "-cp",
      `${libs}/*`,
      mainClass,
      ...args,
    ],
  ];
}

/** Kafka's Uuid format: 16 random bytes, base64url, never starting with "-" (it reads as a flag). */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

const formatted = (node: KafkaNode) => existsSync(join(node.logDirs, "meta.properties"));

/** A node formatted earlier (say, before a crash while formatting the others) fixes the id. */
function clusterIdOf(nodes: KafkaNode[]): string {
  for (const node of nodes.filter(formatted)) {
    const meta = readFileSync(join(node.logDirs, "meta.properties"), "utf8");
    const id = /^cluster\.id=(.+)$/m.exec(meta)?.[1]?.trim();
    if (id) return id;
  }
  return newClusterId();
}

async function installKafka(progress: Progress): Promise<void> {
  if (existsSync(libsComplete)) return;
  for (const tool of ["java", "mvn"]) {
    if (!(await commandExists(tool))) {
      throw new RafagaError(
        "INFRA",
        `kafka: ${tool} is not installed (needs Java 17+ and Maven: apt-get install -y openjdk-17-jre-headless maven)`,
      );
    }
  }
  progress("fetching jars with maven...");
  rmSync(libs, { recursive: true, force: true });
  await runOrThrow(
    "maven",
    "mvn",
    ["-q", "-B", "-f", pom, "dependency:copy-dependencies", `-DoutputDirectory=${libs}`],
    {
      timeoutMs: 15 * 60_000,
    },
  );
  writeFileSync(libsComplete, "");
}

export interface KafkaClusterOptions {
  /** The service's data dir; several nodes get a broker-<id> folder each inside it. */
  dir: string;
  nodes: KafkaNodePorts[];
}

export function createKafkaServer({ dir, nodes: ports }: KafkaClusterOptions): KafkaServer {
  const brokers = ports.length;
  const nodes: KafkaNode[] = ports.map((p) => {
    const nodeDir = kafkaNodeDir(dir, brokers, p.nodeId);
    const serverProperties = join(nodeDir, "server.properties");
    return {
      ...p,
      dir: nodeDir,
      logDirs: join(nodeDir, "data"),
      serverProperties,
      log4jProperties: join(nodeDir, "log4j2.properties"),
      logFile: join(nodeDir, "kafka.log"),
      identity: { exe: "java", cmdline: ["kafka.Kafka", serverProperties] },
    };
  });
  const bootstrap = nodes.map((n) => `${host}:${n.port}`).join(",");
  const first = nodes[0];
  if (first === undefined) throw new RafagaError("INFRA", "kafka: a cluster needs a broker");
  const nodeOf = (nodeId: number): KafkaNode => {
    const node = nodes.find((n) => n.nodeId === nodeId);
    if (node === undefined) {
      throw new RafagaError("INFRA", `kafka: no broker ${nodeId} (this Kafka has ${brokers})`);
    }
    return node;
  };
  const processes = new Map(
    nodes.map((node) => [
      node,
      ownedProcess({
        name: `kafka ${brokers === 1 ? "broker" : `broker ${node.nodeId}`}`,
        port: node.port,
        dir: node.dir,
        logFile: node.logFile,
        identity: node.identity,
        answers: () => nodeHealthy(node),
        // Controlled shutdown flushes logs and skips recovery on the next start; give it time.
        stopGraceMs: 30_000,
      }),
    ]),
  );
  const processOf = (node: KafkaNode) => processes.get(node) as ReturnType<typeof ownedProcess>;
  const pidOf = (node: KafkaNode) => processOf(node).ownedPid();

  function writeConfig(node: KafkaNode): void {
    mkdirSync(node.logDirs, { recursive: true });
    writeFileSync(node.serverProperties, kafkaNodeProperties(node, nodes, node.logDirs));
    writeFileSync(node.log4jProperties, kafkaLog4jProperties);
  }

  async function formatStorageOnce(list: KafkaNode[], progress: Progress): Promise<void> {
    const unformatted = list.filter((node) => !formatted(node));
    if (unformatted.length === 0) return;
    progress("formatting KRaft storage...");
    const clusterId = clusterIdOf(nodes);
    // Statically listed voters (several nodes) need no flag; one node bootstraps itself.
    const quorum = brokers === 1 ? ["--standalone"] : [];
    await Promise.all(
      unformatted.map((node) => {
        const args = ["format", ...quorum, "--ignore-formatted", "-t", clusterId];
        const [command, argv] = java(node, "kafka.tools.StorageTool", [
          ...args,
          "-c",
          node.serverProperties,
        ]);
        return runOrThrow(`kafka storage format (broker ${node.nodeId})`, command, argv, {
          timeoutMs: 60_000,
        });
      }),
    );
  }

  /** Writes the configs, formats what is new and spawns each node; does not wait. */
  async function spawnNodes(list: KafkaNode[], progress: Progress): Promise<void> {
    for (const node of list) writeConfig(node);
    await formatStorageOnce(list, progress);
    for (const node of list) {
      const [command, args] = java(
        node,
        "kafka.Kafka",
        [node.serverProperties],
        [
          "-Xms512m",
          "-Xmx1g",
          // kafka-server-start.sh's GC settings: short pauses matter more than throughput here.
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent",
          "-Djava.awt.headless=true",
        ],
      );
      const pid = processOf(node).spawn(command, args);
      progress(`starting ${name(node)} (pid ${pid})...`);
    }
  }

  const name = (node: KafkaNode) => (brokers === 1 ? "broker" : `broker ${node.nodeId}`);

  /** The node answers metadata from its own port and lists itself: registered, unfenced. */
  async function nodeHealthy(node: KafkaNode): Promise<boolean> {
    try {
      const metadata = await fetchMetadata(node.port, [], 1500);
      return metadata.brokers.some((b) => b.nodeId === node.nodeId) && metadata.controllerId >= 0;
    } catch {
      return false;
    }
  }

  /**
   * Asks the brokers in turn until one answers: with one of a cluster down, admin calls go
   * on. An answer that is an error from Kafka itself (a RafagaError) is final.
   */
  async function anyBroker<T>(call: (port: number) => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (const node of nodes) {
      try {
        return await call(node.port);
      } catch (error) {
        if (error instanceof RafagaError) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  const metadata = (topics?: string[]) => anyBroker((port) => fetchMetadata(port, topics, 1500));

  async function leadersElected(names?: string[]): Promise<boolean> {
    const topics = names ?? (await metadata(undefined)).topics.map((t) => t.name);
    if (topics.length === 0) return true;
    return anyBroker((port) => topicsHaveLeaders(port, topics));
  }

  async function waitNodes(list: KafkaNode[], timeoutMs: number): Promise<void> {
    const started = new Map(list.map((node) => [node, pidOf(node)]));
    const what =
      list.length === 1 && brokers === 1
        ? `kafka on ${host}:${first?.port}`
        : `kafka ${list.map((n) => `broker ${n.nodeId} on ${host}:${n.port}`).join(", ")}`;
    await waitUntil(
      what,
      async () => (await Promise.all(list.map(nodeHealthy))).every(Boolean) && leadersElected(),
      {
        timeoutMs,
        abort: () => {
          const dead = [...started].find(([, pid]) => pid !== undefined && !isAlive(pid))?.[0];
          return dead === undefined ? undefined : `${name(dead)} exited; see ${dead.logFile}`;
        },
      },
    );
  }

  function createTopicHere(topic: string, partitions: number): Promise<"created" | "exists"> {
    return anyBroker((port) => createTopicOnBroker(port, topic, partitions, brokers));
  }

  return {
    name: "kafka",
    port: first.port,
    dataDir: dir,
    brokers,
    bootstrap,

    describe: () =>
      brokers === 1
        ? `apache kafka ${version} (KRaft)`
        : `apache kafka ${version} (KRaft, ${brokers} brokers, replication factor ${brokers}, min.insync.replicas ${Math.min(2, brokers)})`,

    install: installKafka,

    async start(progress) {
      await spawnNodes(nodes, progress);
      await this.waitReady(120_000);
    },

    async startMissing(progress) {
      const healthy = await Promise.all(nodes.map(nodeHealthy));
      const down = nodes.filter((_, i) => !healthy[i]);
      if (down.length === 0) return;
      const toSpawn: KafkaNode[] = [];
      for (const node of down) {
        const pid = pidOf(node);
        if (pid !== undefined) {
          // Ours but not answering: still booting or recovering (e.g. after a crash test).
          progress(`${name(node)}: pid ${pid} is running but not healthy yet, waiting...`);
          continue;
        }
        for (const port of [node.port, node.controllerPort]) {
          if (await isPortOpen(port)) {
            throw new RafagaError(
              "INFRA",
              `port ${port} is taken by a process that is not a healthy kafka ${name(node)}; free it or set another port`,
            );
          }
        }
        toSpawn.push(node);
      }
      await spawnNodes(toSpawn, progress);
      await waitNodes(nodes, 120_000);
    },

    async prepare(progress) {
      for (const topic of defaultTopics) {
        const outcome = await createTopicHere(topic.name, topic.partitions);
        if (outcome === "created")
          progress(`created topic ${topic.name} (${topic.partitions} partitions)`);
      }
      const names = defaultTopics.map((t) => t.name);
      await waitUntil("kafka topic leaders", () => leadersElected(names), {
        timeoutMs: 30_000,
      });
    },

    async isHealthy() {
      return (await Promise.all(nodes.map(nodeHealthy))).every(Boolean);
    },

    ownedPid: () => nodes.map(pidOf).find((pid) => pid !== undefined),

    waitReady: (timeoutMs) => waitNodes(nodes, timeoutMs),

    async stop() {
      await Promise.all(nodes.map((node) => processOf(node).stop()));
    },

    async kill() {
      const running = nodes.filter((node) => pidOf(node) !== undefined);
      if (running.length === 0) {
        throw new RafagaError("INFRA", "kafka: no broker of ours is running");
      }
      await Promise.all(running.map((node) => this.killBroker(node.nodeId)));
    },

    killBroker: (nodeId) => processOf(nodeOf(nodeId)).kill(),

    async startBroker(nodeId) {
      const node = nodeOf(nodeId);
      if (!(await nodeHealthy(node)) && pidOf(node) === undefined)
        await spawnNodes([node], () => {});
      await waitNodes([node], 120_000);
    },

    async createTopic(topic, partitions) {
      if (!Number.isInteger(partitions) || partitions < 1) {
        throw new RafagaError(
          "INFRA",
          `topic ${topic}: partitions must be a positive integer, got ${partitions}`,
        );
      }
      await createTopicHere(topic, partitions);
      // Creation returns before leaders are elected; a producer that raced ahead would get
      // UNKNOWN_TOPIC_OR_PARTITION.
      await waitUntil(`kafka topic ${topic}`, () => leadersElected([topic]), {
        timeoutMs: 30_000,
      });
    },

    metadata,

    async members(): Promise<MemberStatus[]> {
      if (brokers === 1) return [];
      const leaders = await metadata(undefined).then(
        (m) => m.topics.flatMap((t) => t.partitions.map((p) => p.leader)),
        () => [] as number[],
      );
      return Promise.all(
        nodes.map(async (node) => ({
          name: `kafka-${node.nodeId}`,
          healthy: await nodeHealthy(node),
          pid: pidOf(node),
          port: node.port,
          description: `broker + controller (controller port ${node.controllerPort}), leads ${leaders.filter((l) => l === node.nodeId).length} partitions, data ${node.dir}`,
        })),
      );
    },

    logFiles: () => nodes.map((node) => node.logFile),
  };
}

/** The Kafka of this checkout: as many brokers as `up --kafka-brokers` remembered. */
export const kafkaServer = createKafkaServer({
  dir: dataDir("kafka"),
  nodes: kafkaNodePorts(kafkaBrokers),
});

export const createTopic = (name: string, partitions: number): Promise<void> =>
  kafkaServer.createTopic(name, partitions);

export const killKafkaBroker = (nodeId: number): Promise<void> => kafkaServer.killBroker(nodeId);

export const startKafkaBroker = (nodeId: number): Promise<void> => kafkaServer.startBroker(nodeId);
