import { join } from "node:path";
import { bundleForNode, repoRoot } from "@rafaga/runner";
import type { ChildProcesses } from "./broker-processes.ts";
import type { LoopResult } from "./broker-write-loop.ts";
import type { NodeRowsRequest } from "./kafka-writer-node.ts";

export type RdKafkaRow = NodeRowsRequest["rows"][number] & { result: LoopResult };

/**
 * Runs the librdkafka rows in one Node process (the addon needs V8's C++ API) and
 * reports each row as it finishes, so progress shows while the process still runs.
 */
export async function runRdKafkaRows(
  request: NodeRowsRequest,
  children: ChildProcesses,
  onRow: (row: RdKafkaRow) => void,
): Promise<RdKafkaRow[]> {
  const [entry] = await bundleForNode(
    [join(import.meta.dir, "kafka-writer-node.ts")],
    join(repoRoot, "dist", "perf-kafka-writer"),
  );
  if (!entry) throw new Error("bundling kafka-writer-node.ts produced no file");
  const proc = Bun.spawn(["node", entry, JSON.stringify(request)], {
    stdout: "pipe",
    stderr: "pipe",
  });
  children.track(proc);
  const stderr = new Response(proc.stderr).text();
  const rows: RdKafkaRow[] = [];
  let pending = "";
  const decoder = new TextDecoder();
  for await (const chunk of proc.stdout) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("ROW ")) continue;
      const row = JSON.parse(line.slice(4)) as RdKafkaRow;
      rows.push(row);
      onRow(row);
    }
  }
  const code = await proc.exited;
  if (code !== 0 || rows.length !== request.rows.length) {
    throw new Error(`the librdkafka process failed (exit ${code}): ${(await stderr).slice(-800)}`);
  }
  return rows;
}
