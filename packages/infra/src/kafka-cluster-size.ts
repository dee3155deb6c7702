import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RafagaError } from "@rafaga/core";

/**
 * How many brokers the Kafka under a data dir has, remembered in a file beside them so that
 * `up`, `status`, `ensureUp`, tests and `npm run serve` find the cluster and its bootstrap
 * list without the `--kafka-brokers` flag. No file means one broker, as before clusters.
 */

/** Each broker's ports sit 100 above the previous one's, so nine still fit above 9092. */
export const maxKafkaBrokers = 9;

const sizeFile = (dir: string) => join(dir, "brokers");

/** Where one node keeps its config, data, log and pid; one broker keeps the old layout. */
export function kafkaNodeDir(dir: string, brokers: number, nodeId: number): string {
  return brokers === 1 ? dir : join(dir, `broker-${nodeId}`);
}

export function kafkaStorageFormatted(dir: string, brokers: number): boolean {
  return existsSync(join(kafkaNodeDir(dir, brokers, 1), "data", "meta.properties"));
}

export function validKafkaBrokers(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= maxKafkaBrokers;
}

export function rememberedKafkaBrokers(dir: string): number {
  let raw: string;
  try {
    raw = readFileSync(sizeFile(dir), "utf8").trim();
  } catch {
    return 1;
  }
  const brokers = Number(raw);
  if (!/^\d+$/.test(raw) || !validKafkaBrokers(brokers)) {
    throw new RafagaError(
      "INFRA",
      `${sizeFile(dir)} must hold a broker count from 1 to ${maxKafkaBrokers}, got "${raw}"`,
    );
  }
  return brokers;
}

/**
 * Checks `brokers` against what is already formatted and, for `remember`, records it. A
 * KRaft quorum's voters and every topic's replicas are fixed at format and creation time:
 * switching size on existing data would leave partitions on brokers that no longer exist,
 * so it fails and says how to start over.
 */
export function chooseKafkaBrokers(dir: string, brokers: number, remember: boolean): void {
  if (!validKafkaBrokers(brokers)) {
    throw new RafagaError(
      "INFRA",
      `--kafka-brokers must be an integer from 1 to ${maxKafkaBrokers}, got ${brokers}`,
    );
  }
  const current = rememberedKafkaBrokers(dir);
  if (brokers !== current && kafkaStorageFormatted(dir, current)) {
    throw new RafagaError(
      "INFRA",
      `kafka: the storage in ${dir} is formatted for ${current} broker(s), not ${brokers}; ` +
        "run `npm run infra -- down --purge kafka` first (it deletes Kafka's data), then `up` again",
    );
  }
  if (!remember || (brokers === 1 && !existsSync(sizeFile(dir)))) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(sizeFile(dir), `${brokers}\n`);
}
