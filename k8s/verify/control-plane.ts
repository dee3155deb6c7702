import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, repoRoot } from "@rafaga/runner";
import { etcdBinary, goBinary, kubectlBinary } from "./tools.ts";

export const KUBERNETES_VERSION = "v1.35.4";
const apiserverSource = join(import.meta.dir, "apiserver");
/** Built once per checkout; Go's own build cache (~/.cache/go-build) makes a rebuild quick. */
export const apiserverBinary = join(repoRoot, ".cache", `kube-apiserver-${KUBERNETES_VERSION}`);

type Progress = (message: string) => void;

/** Builds kube-apiserver from the Go module k8s.io/kubernetes unless this checkout has it. */
export async function ensureApiServer(progress: Progress): Promise<string> {
  if (existsSync(apiserverBinary)) return apiserverBinary;
  const go = goBinary();
  progress(`building kube-apiserver ${KUBERNETES_VERSION} with ${go} (about 4 minutes cold)...`);
  mkdirSync(join(repoRoot, ".cache"), { recursive: true });
  const started = performance.now();
  const build = Bun.spawn(
    [go, "build", "-trimpath", `-ldflags=${versionFlags()}`, "-o", `${apiserverBinary}.part`, "."],
    {
      cwd: apiserverSource,
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod" },
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const [code, stderr] = await Promise.all([build.exited, new Response(build.stderr).text()]);
  if (code !== 0) throw new Error(`go build of kube-apiserver failed (${code}):\n${stderr}`);
  await Bun.$`mv ${apiserverBinary}.part ${apiserverBinary}`.quiet();
  progress(`kube-apiserver built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return apiserverBinary;
}

/** Stripped, and stamped with its version (unstamped, it reports v0.0.0-master to kubectl). */
function versionFlags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
  const stamp = (name: string, value: string) =>
    `-X k8s.io/component-base/version.${name}=${value}`;
  return [
    "-s -w",
    stamp("gitVersion", KUBERNETES_VERSION),
    stamp("gitMajor", major as string),
    stamp("gitMinor", minor as string),
    stamp("gitTreeState", "clean"),
  ].join(" ");
}

/** An etcd and a kube-apiserver on loopback, for applying manifests to; nothing else runs. */
export interface ControlPlane {
  readonly server: string;
  readonly token: string;
  /** kubectl against this API server; rejects with kubectl's stderr on a non-zero exit. */
  kubectl(args: string[], stdin?: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startControlPlane(progress: Progress): Promise<ControlPlane> {
  const apiserver = await ensureApiServer(progress);
  const kubectl = kubectlBinary();
  const etcd = await etcdBinary(join(repoRoot, ".cache"));
  const dir = mkdtempSync(join(tmpdir(), "rafaga-k8s-verify-"));
  const token = randomBytes(24).toString("hex");
  writeFileSync(join(dir, "tokens.csv"), `${token},admin,admin,system:masters\n`);
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  writeFileSync(join(dir, "sa.pub"), publicKey.export({ type: "spki", format: "pem" }));
  writeFileSync(join(dir, "sa.key"), privateKey.export({ type: "pkcs8", format: "pem" }));
  const [etcdPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const children: Bun.Subprocess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      child.kill("SIGTERM");
      await Promise.race([child.exited, Bun.sleep(10_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Both log to stderr; stdout and stderr opened on one file would overwrite each other.
  const log = (name: string) => Bun.file(join(dir, `${name}.log`));
  try {
    progress(`starting etcd on 127.0.0.1:${etcdPort}...`);
    const peer = `http://127.0.0.1:${etcdPeerPort}`;
    children.push(
      Bun.spawn(
        [
          etcd,
          ...["--name", "verify", "--data-dir", join(dir, "etcd")],
          ...["--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl],
          ...["--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer],
          ...["--initial-cluster", `verify=${peer}`],
        ],
        { stdout: "ignore", stderr: log("etcd") },
      ),
    );
    progress(`starting kube-apiserver ${KUBERNETES_VERSION} on 127.0.0.1:${apiPort}...`);
    children.push(
      Bun.spawn(
        [
          apiserver,
          `--etcd-servers=${etcdUrl}`,
          "--bind-address=127.0.0.1",
          `--secure-port=${apiPort}`,
          `--cert-dir=${join(dir, "certs")}`,
          `--token-auth-file=${join(dir, "tokens.csv")}`,
          "--authorization-mode=RBAC",
          "--service-account-issuer=https://kubernetes.default.svc",
          `--service-account-key-file=${join(dir, "sa.pub")}`,
          `--service-account-signing-key-file=${join(dir, "sa.key")}`,
          "--service-cluster-ip-range=10.96.0.0/12",
          // What a cluster's nodes would enforce: Pod Security "restricted" everywhere.
          `--admission-control-config-file=${podSecurityConfig(dir)}`,
        ],
        { stdout: "ignore", stderr: log("kube-apiserver") },
      ),
    );
    const server = `https://127.0.0.1:${apiPort}`;
    await waitReady(server, token, children, dir);
    progress("API server ready");
    const run = async (args: string[], stdin?: string) => {
      const child = Bun.spawn(
        [kubectl, `--server=${server}`, `--token=${token}`, "--insecure-skip-tls-verify", ...args],
        {
          stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
          stdout: "pipe",
          stderr: "pipe",
        },
      );
      const [code, out, err] = await Promise.all([
        child.exited,
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
      ]);
      if (code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${err.trim() || out.trim()}`);
      return out + err;
    };
    return { server, token, kubectl: run, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function podSecurityConfig(dir: string): string {
  const file = join(dir, "admission.yaml");
  writeFileSync(
    file,
    `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
  - name: PodSecurity
    configuration:
      apiVersion: pod-security.admission.config.k8s.io/v1
      kind: PodSecurityConfiguration
      defaults:
        enforce: restricted
        enforce-version: latest
        warn: restricted
        warn-version: latest
`,
  );
  return file;
}

async function waitReady(
  server: string,
  token: string,
  children: Bun.Subprocess[],
  dir: string,
): Promise<void> {
  const deadline = performance.now() + 90_000;
  while (performance.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) {
      const logs = await Promise.all(
        ["etcd", "kube-apiserver"].map((n) => Bun.file(join(dir, `${n}.log`)).text()),
      );
      throw new Error(
        `the control plane exited (${dead.exitCode}):\n${logs.join("\n").slice(-3000)}`,
      );
    }
    const ok = await fetch(`${server}/readyz`, {
      headers: { authorization: `Bearer ${token}` },
      tls: { rejectUnauthorized: false },
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await Bun.sleep(250);
  }
  throw new Error("kube-apiserver did not get ready within 90 s");
}
