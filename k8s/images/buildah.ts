import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Image storage shared by every checkout on the machine, like Go's build cache: a fresh
 * clone reuses the base images and the npm layers. The overlay driver, not vfs: vfs copies
 * the whole tree for every step (a warm rebuild took 304 s and 16 GB, overlay 9 s and 2.5).
 */
export const imageStorage = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"),
  "rafaga",
  "containers",
);

/** buildah with this project's storage; chroot isolation shares the host's network. */
export class Buildah {
  readonly #base: string[];

  constructor(readonly storage = imageStorage) {
    const present = Bun.which("buildah");
    const binary = present && debootstrapBinary() ? present : installTools();
    this.#base = [
      binary,
      "--storage-driver",
      "overlay",
      "--root",
      join(storage, "storage"),
      "--runroot",
      join(storage, "run"),
    ];
  }

  /** The command line for `args`, e.g. to spawn `buildah run` as a long-lived child. */
  command(args: string[]): string[] {
    return [...this.#base, ...args];
  }

  /** Runs buildah to the end; resolves with its stdout, rejects with its stderr. */
  async run(args: string[], onLine?: (line: string) => void): Promise<string> {
    const proc = Bun.spawn(this.command(args), { stdout: "pipe", stderr: "pipe" });
    const [code, out, err] = await Promise.all([
      proc.exited,
      lines(proc.stdout, onLine),
      lines(proc.stderr, onLine),
    ]);
    if (code !== 0) {
      throw new Error(
        `buildah ${args.slice(0, 2).join(" ")} failed (${code}):\n${tail(err || out)}`,
      );
    }
    return out.trim();
  }

  async exists(image: string): Promise<boolean> {
    const proc = Bun.spawn(this.command(["inspect", "--type", "image", image]), {
      stdout: "ignore",
      stderr: "ignore",
    });
    return (await proc.exited) === 0;
  }
}

/** debootstrap lives in /usr/sbin, which a non-login PATH may leave out. */
export function debootstrapBinary(): string | undefined {
  return (
    Bun.which("debootstrap") ?? Bun.which("debootstrap", { PATH: "/usr/sbin:/sbin" }) ?? undefined
  );
}

/** Debian's buildah and debootstrap, installed with apt when missing (root only). */
function installTools(): string {
  const apt = (args: string[]) =>
    Bun.spawnSync(["apt-get", ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  const install = ["install", "-y", "-q", "buildah", "debootstrap"];
  if (process.getuid?.() === 0 && Bun.which("apt-get")) {
    let installed = apt(install);
    if (installed.exitCode !== 0) {
      apt(["update", "-q"]);
      installed = apt(install);
    }
    const binary = Bun.which("buildah");
    if (binary && debootstrapBinary()) return binary;
    throw new Error(`apt-get ${install.join(" ")} failed: ${installed.stderr.toString().trim()}`);
  }
  throw new Error(
    "building images needs buildah and debootstrap: apt-get install -y buildah debootstrap (Debian 12), then run again",
  );
}

async function lines(
  stream: ReadableStream<Uint8Array>,
  onLine?: (line: string) => void,
): Promise<string> {
  let all = "";
  let rest = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    const text = decoder.decode(chunk, { stream: true });
    all += text;
    if (!onLine) continue;
    rest += text;
    const parts = rest.split("\n");
    rest = parts.pop() ?? "";
    for (const line of parts) if (line.trim() !== "") onLine(line);
  }
  if (onLine && rest.trim() !== "") onLine(rest);
  return all;
}

function tail(text: string, count = 30): string {
  return text.trim().split("\n").slice(-count).join("\n");
}
