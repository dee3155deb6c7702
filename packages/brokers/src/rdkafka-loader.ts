import { RafagaError } from "@rafaga/core";

/**
 * Loads the librdkafka adapters, lazily and only under Node: under Bun the addon aborts
 * the process at its first connect, so a tier configured for it is refused with a message.
 */
export async function loadRdKafka(): Promise<typeof import("./node-entry.ts")> {
  if (process.versions.bun) {
    throw new RafagaError(
      "CONFIG",
      "KAFKA_CLIENT=rdkafka needs Node (librdkafka's addon does not load in Bun): run the Node build, or set KAFKA_CLIENT=js",
      { field: "KAFKA_CLIENT" },
    );
  }
  return import("./node-entry.ts");
}
