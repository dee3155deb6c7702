import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * One TCP socket on this machine whose local port is the one asked about. `closing`: no
 * process holds it any more (TIME_WAIT, or an orphan finishing its close); the kernel lets
 * go of it within a minute. A listener cannot bind over it unless the socket had asked
 * for SO_REUSEADDR, which load generators' connections (wrk, Python) do not.
 */
export interface SocketHolder {
  kind: "listening" | "connection" | "closing";
  /** host:port of the other end; absent for a listener. */
  remote?: string;
  /** The owning process, when /proc lets us see it (another user's is hidden). */
  pid?: number;
  command?: string;
}

const LISTEN = "0A";
const TIME_WAIT = "06";
/** The inode of a socket no file descriptor refers to. */
const ORPHAN = "0";

/**
 * An address of /proc/net/tcp{,6}: hex, each 32-bit word in the host's (little-endian)
 * order, e.g. "0100007F:1F90" is 127.0.0.1:8080.
 */
function decodeAddress(hex: string): { host: string; port: number } {
  const [ip = "", port = "0"] = hex.split(":");
  const bytes: number[] = [];
  for (const word of ip.match(/.{8}/g) ?? []) {
    const wordBytes = word.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? [];
    bytes.push(...wordBytes.reverse());
  }
  const host =
    bytes.length === 4
      ? bytes.join(".")
      : `[${Array.from({ length: 8 }, (_, i) =>
          (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
        ).join(":")}]`;
  return { host, port: Number.parseInt(port, 16) };
}

/** inode -> pid and command line, read once per lookup. */
function socketOwners(inodes: Set<string>): Map<string, { pid: number; command: string }> {
  const owners = new Map<string, { pid: number; command: string }>();
  // Closed connections have no owner: nothing to look for in every process's descriptors
  // (the port check asks again every 200 ms while TIME_WAIT lasts).
  inodes.delete(ORPHAN);
  if (inodes.size === 0) return owners;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = link.startsWith("socket:[") ? link.slice(8, -1) : undefined;
      if (inode === undefined || !inodes.has(inode) || owners.has(inode)) continue;
      let command = "";
      try {
        const line = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\s+/g, " ").trim();
        command = line.length > 100 ? `${line.slice(0, 99)}…` : line;
      } catch {}
      owners.set(inode, { pid: Number(entry), command });
    }
  }
  return owners;
}

/** The TCP sockets (IPv4 and IPv6) whose local port is `port`, with their processes. Linux only: elsewhere, empty. */
export function socketHolders(port: number): SocketHolder[] {
  const found: { kind: SocketHolder["kind"]; remote?: string; inode: string }[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, remote, state, , , , , , inode] = fields;
      if (!local || !remote || !state || !inode) continue;
      if (decodeAddress(local).port !== port) continue;
      if (state === LISTEN) {
        found.push({ kind: "listening", inode });
        continue;
      }
      const other = decodeAddress(remote);
      const kind = state === TIME_WAIT || inode === ORPHAN ? "closing" : "connection";
      found.push({ kind, remote: `${other.host}:${other.port}`, inode });
    }
  }
  const owners = socketOwners(new Set(found.map((s) => s.inode)));
  return found.map(({ inode, ...socket }) => ({ ...socket, ...owners.get(inode) }));
}

/** Linux's range for the source ports of outgoing connections, e.g. "32768-60999". */
export function ephemeralPortRange(): string | undefined {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
      .trim()
      .split(/\s+/);
    return `${low}-${high}`;
  } catch {
    return undefined;
  }
}
