import { RafagaError } from "@rafaga/core";
import { canListen } from "./free-port.ts";
import { ephemeralPortRange, type SocketHolder, socketHolders } from "./socket-holders.ts";
import type { TierSpec } from "./tier-process.ts";

/** A port a tier will listen on, and who: "edge PORT". */
export interface PortClaim {
  port: number;
  owner: string;
}

const LISTENING_VARIABLES = ["PORT", "METRICS_PORT", "GRPC_PORT"] as const;

/** Every port the tiers will listen on, from their environment (0 = none). */
export function portClaims(specs: readonly TierSpec[]): PortClaim[] {
  return specs.flatMap((spec) =>
    LISTENING_VARIABLES.flatMap((name) => {
      const port = Number(spec.env[name] ?? 0);
      return port > 0 ? [{ port, owner: `${spec.name} ${name}` }] : [];
    }),
  );
}

function describeHolder(h: SocketHolder): string {
  if (h.kind === "closing") return `a closed connection to ${h.remote} (TIME_WAIT)`;
  const who = h.pid === undefined ? "a process we cannot see" : `pid ${h.pid} (${h.command})`;
  return h.kind === "listening"
    ? `${who} listens on it`
    : `${who} uses it for a connection to ${h.remote}`;
}

function advice(claim: PortClaim, holders: SocketHolder[]): string {
  if (holders.some((h) => h.kind === "listening"))
    return "Another pipeline still running? Stop it and start again.";
  return (
    "Linux handed it out as the source port of an outgoing connection (its range for " +
    `those: ${ephemeralPortRange() ?? "unknown"}). Start again, or keep Linux off the ` +
    `pipeline's ports: sysctl -w net.ipv4.ip_local_reserved_ports=${claim.port}`
  );
}

function explain(claim: PortClaim, holders: SocketHolder[]): string {
  const head = `port ${claim.port} (${claim.owner}) is in use`;
  if (holders.length === 0) return `${head}.`;
  const lines = holders.slice(0, 5).map((h) => `  - ${describeHolder(h)}`);
  if (holders.length > 5) lines.push(`  - and ${holders.length - 5} more`);
  return `${head}:\n${lines.join("\n")}\n  ${advice(claim, holders)}`;
}

export interface PortCheckOptions {
  /** The tiers' listening address. */
  host?: string;
  /** How long to wait for a port that a live outgoing connection holds. */
  settleMs?: number;
  /** How long to wait for a port held only by closed connections (TIME_WAIT lasts 60 s). */
  closingMs?: number;
  log?: (line: string) => void;
}

/**
 * Fails before any tier starts if one of their ports is taken, naming the port, the tier
 * and whoever holds it: otherwise a tier dies at start-up with EADDRINUSE among the other
 * tiers' output. The pipeline's default gRPC ports lie in Linux's ephemeral range, and a
 * load test that just ended leaves thousands of closed connections in TIME_WAIT, some of
 * them on those ports for a minute: that is waited out, saying so. A live outgoing
 * connection may end soon too, so it gets `settleMs`; a listener fails at once.
 */
export async function ensurePortsFree(
  claims: readonly PortClaim[],
  options: PortCheckOptions = {},
): Promise<void> {
  const host = options.host ?? "127.0.0.1";
  const started = performance.now();
  const told = new Set<number>();
  let busy = [...claims];
  for (;;) {
    const free = await Promise.all(busy.map((c) => canListen(c.port, host)));
    busy = busy.filter((_, i) => !free[i]);
    if (busy.length === 0) return;
    const holders = busy.map((c) => socketHolders(c.port));
    const waited = performance.now() - started;
    const settled = waited >= (options.settleMs ?? 3000);
    // Nothing to see (not Linux, or a race) is treated as a live connection.
    const hopeless = holders.some(
      (hs) =>
        (hs.length === 0 && settled) ||
        hs.some((h) => h.kind === "listening" || (h.kind === "connection" && settled)),
    );
    if (hopeless || waited >= (options.closingMs ?? 65_000)) {
      const reasons = busy.map((c, i) => explain(c, holders[i] ?? []));
      throw new RafagaError("INFRA", `cannot start the pipeline: ${reasons.join("\n")}`);
    }
    for (const [i, claim] of busy.entries()) {
      const closing = (holders[i] ?? []).filter((h) => h.kind === "closing").length;
      if (closing === 0 || told.has(claim.port)) continue;
      told.add(claim.port);
      options.log?.(
        `port ${claim.port} (${claim.owner}) is held by ${closing} closed connection(s) in ` +
          "TIME_WAIT, from a load test?; waiting until the kernel lets go of it (at most a minute)",
      );
    }
    await Bun.sleep(200);
  }
}
