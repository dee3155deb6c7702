/**
 * Debian load tools (wrk, redis-benchmark) are installed by the harness that needs them,
 * at run time: the project installs what it uses. Without root or apt the harness falls
 * back (autocannon) or skips the limit, and says so in its notes.
 */
import { runToEnd } from "./http-children.ts";

const checked = new Map<string, boolean>();

export async function ensureDebianTool(
  binary: string,
  pkg: string,
  progress: (message: string) => void,
): Promise<boolean> {
  const known = checked.get(binary);
  if (known !== undefined) return known;
  let ok = Bun.which(binary) !== null;
  if (!ok && Bun.which("apt-get") !== null && process.getuid?.() === 0) {
    progress(`installing ${pkg} (apt-get) for ${binary}`);
    try {
      await runToEnd(["apt-get", "update", "-qq"], { timeoutMs: 300_000 });
      await runToEnd(["apt-get", "install", "-y", "-qq", pkg], { timeoutMs: 300_000 });
    } catch (error) {
      progress(`apt-get install ${pkg} failed: ${String(error).slice(0, 200)}`);
    }
    ok = Bun.which(binary) !== null;
  }
  checked.set(binary, ok);
  return ok;
}
