import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Go, for building kube-apiserver: on PATH, or where the official tarball unpacks. */
export function goBinary(): string {
  const found =
    Bun.which("go") ?? (existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : null);
  if (!found) {
    throw new Error(
      "k8s:verify builds kube-apiserver from source and needs Go 1.25 or later: install it (https://go.dev/doc/install) and run again",
    );
  }
  return found;
}

/** kubectl renders the overlays (kubectl kustomize) and applies them. */
export function kubectlBinary(): string {
  const found = Bun.which("kubectl");
  if (!found) {
    throw new Error(
      "k8s:verify needs kubectl on PATH (https://kubernetes.io/docs/tasks/tools/): install it and run again",
    );
  }
  return found;
}

/**
 * Debian's etcd binary, unpacked into the checkout's .cache without installing the package
 * (which would start a system etcd on port 2379).
 */
export async function etcdBinary(cacheDir: string): Promise<string> {
  const binary = join(cacheDir, "etcd", "usr", "bin", "etcd");
  if (existsSync(binary)) return binary;
  const work = mkdtempSync(join(tmpdir(), "rafaga-etcd-"));
  try {
    const download = Bun.spawnSync(["apt-get", "download", "etcd-server"], { cwd: work });
    const deb = readdirSync(work).find((f) => f.endsWith(".deb"));
    if (!deb) {
      throw new Error(
        `apt-get download etcd-server failed (k8s:verify runs Debian's etcd): ${download.stderr.toString().trim()}`,
      );
    }
    mkdirSync(join(cacheDir, "etcd"), { recursive: true });
    const unpack = Bun.spawnSync(["dpkg-deb", "-x", join(work, deb), join(cacheDir, "etcd")]);
    if (unpack.exitCode !== 0) throw new Error(`dpkg-deb -x ${deb}: ${unpack.stderr.toString()}`);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
