import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kafkaNodePorts } from "./config.ts";
import {
  chooseKafkaBrokers,
  kafkaNodeDir,
  kafkaStorageFormatted,
  rememberedKafkaBrokers,
} from "./kafka-cluster-size.ts";
import { kafkaNodeProperties } from "./kafka-node-config.ts";

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "rafaga-kafka-size-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}, 5_000);

/** What StorageTool leaves behind: meta.properties in the node's log dir. */
function format(dir: string, brokers: number): void {
  const data = join(kafkaNodeDir(dir, brokers, 1), "data");
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, "meta.properties"), "cluster.id=test\n");
}

test("no file: one broker, in the old layout", () => {
  const dir = freshDir();
  expect(rememberedKafkaBrokers(dir)).toBe(1);
  expect(kafkaNodeDir(dir, 1, 1)).toBe(dir);
  chooseKafkaBrokers(dir, 1, true);
  // Choosing one broker writes nothing: a checkout that never asked for a cluster is unchanged.
  expect(rememberedKafkaBrokers(dir)).toBe(1);
});

test("a chosen size is remembered, with a folder per broker", () => {
  const dir = freshDir();
  chooseKafkaBrokers(dir, 3, true);
  expect(rememberedKafkaBrokers(dir)).toBe(3);
  expect(kafkaNodeDir(dir, 3, 2)).toBe(join(dir, "broker-2"));
  // status/down with the same flag only check it.
  chooseKafkaBrokers(dir, 3, false);
});

test("switching size on formatted storage fails and says how to start over", () => {
  const dir = freshDir();
  format(dir, 1);
  expect(kafkaStorageFormatted(dir, 1)).toBe(true);
  expect(() => chooseKafkaBrokers(dir, 3, true)).toThrow("down --purge kafka");
  expect(rememberedKafkaBrokers(dir)).toBe(1);

  const cluster = freshDir();
  chooseKafkaBrokers(cluster, 3, true);
  format(cluster, 3);
  expect(() => chooseKafkaBrokers(cluster, 1, true)).toThrow("formatted for 3 broker(s), not 1");
});

test("unformatted storage may switch size (an up that failed before formatting)", () => {
  const dir = freshDir();
  chooseKafkaBrokers(dir, 3, true);
  chooseKafkaBrokers(dir, 1, true);
  expect(rememberedKafkaBrokers(dir)).toBe(1);
});

test("a bad size is refused, in the flag and in the file", () => {
  const dir = freshDir();
  expect(() => chooseKafkaBrokers(dir, 0, true)).toThrow("--kafka-brokers");
  expect(() => chooseKafkaBrokers(dir, 10, true)).toThrow("--kafka-brokers");
  writeFileSync(join(dir, "brokers"), "three\n");
  expect(() => rememberedKafkaBrokers(dir)).toThrow("broker count");
});

test("broker i listens 100 ports above broker i-1", () => {
  expect(kafkaNodePorts(3, { kafka: 9092, kafkaController: 9093 })).toEqual([
    { nodeId: 1, port: 9092, controllerPort: 9093 },
    { nodeId: 2, port: 9192, controllerPort: 9193 },
    { nodeId: 3, port: 9292, controllerPort: 9293 },
  ]);
  expect(() => kafkaNodePorts(3, { kafka: 65400, kafkaController: 65401 })).toThrow("65535");
});

test("a cluster's config: static voters, replication factor 3, min.insync.replicas 2", () => {
  const nodes = kafkaNodePorts(3, { kafka: 9092, kafkaController: 9093 });
  const props = kafkaNodeProperties(nodes[1] as (typeof nodes)[number], nodes, "/data");
  expect(props).toContain("node.id=2\n");
  expect(props).toContain(
    "controller.quorum.voters=1@127.0.0.1:9093,2@127.0.0.1:9193,3@127.0.0.1:9293\n",
  );
  expect(props).toContain("listeners=PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193\n");
  for (const line of [
    "default.replication.factor=3",
    "min.insync.replicas=2",
    "offsets.topic.replication.factor=3",
    "transaction.state.log.replication.factor=3",
    "transaction.state.log.min.isr=2",
  ])
    expect(props).toContain(`${line}\n`);
});

test("one broker's config is what it was before clusters", () => {
  const [node] = kafkaNodePorts(1, { kafka: 9092, kafkaController: 9093 });
  const props = kafkaNodeProperties(
    node as NonNullable<typeof node>,
    [node as NonNullable<typeof node>],
    "/data",
  );
  expect(props).toContain("controller.quorum.bootstrap.servers=127.0.0.1:9093\n");
  expect(props).toContain("offsets.topic.replication.factor=1\n");
  expect(props).not.toContain("controller.quorum.voters");
  expect(props).not.toContain("min.insync.replicas");
  expect(props).not.toContain("default.replication.factor");
});
