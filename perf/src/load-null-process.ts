import { join } from "node:path";

export interface NullServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts load-null-server.ts as a child process and waits for its port. */
export async function startNullServer(): Promise<NullServer> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "load-null-server.ts")], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the minimal Bun.serve exited before listening");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return {
    url: `http://127.0.0.1:${text.trim()}`,
    pid: proc.pid,
    stop: async () => {
      proc.kill("SIGTERM");
      await proc.exited;
    },
  };
}
