import { describe, expect, test } from "bun:test";
import { connect, createServer, type Server, type Socket } from "node:net";
import { freePort } from "./free-port.ts";
import { ensurePortsFree, portClaims } from "./port-check.ts";

/** The server's ends of its connections, so that a test can close them first. */
const accepted = new Set<Socket>();
const listen = (port: number) =>
  new Promise<Server>((resolve) => {
    const server = createServer((s) => accepted.add(s.resume()));
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
const closeServer = (server: Server) => new Promise<void>((r) => server.close(() => r()));

/** A connection to `serverPort` from a port the kernel picks, as a load generator's are. */
const connectTo = (serverPort: number) =>
  new Promise<Socket>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: serverPort }, () => resolve(socket));
  });
const closeSocket = (socket: Socket) =>
  new Promise<void>((r) => {
    if (socket.destroyed) return r();
    socket.once("close", () => r());
    socket.destroy();
  });
/** Closed by the server first, the connection leaves its TIME_WAIT on the server's port. */
const closeFromServer = (client: Socket) =>
  new Promise<void>((r) => {
    client.once("close", () => r());
    for (const s of accepted) s.end();
  });

describe("ports checked before the tiers start", () => {
  test("every listening variable of every tier is claimed, 0 is none", () => {
    const claims = portClaims([
      { name: "edge", command: [], env: { PORT: "8080", GRPC_PORT: "0", HOST: "127.0.0.1" } },
      { name: "writer-kafka", command: [], env: { PORT: "50061", METRICS_PORT: "9461" } },
    ]);
    expect(claims).toEqual([
      { port: 8080, owner: "edge PORT" },
      { port: 50061, owner: "writer-kafka PORT" },
      { port: 9461, owner: "writer-kafka METRICS_PORT" },
    ]);
  });

  test("free ports pass", async () => {
    await ensurePortsFree([
      { port: await freePort(), owner: "a" },
      { port: await freePort(), owner: "b" },
    ]);
  });

  test("a port someone listens on fails at once, naming the tier and the process", async () => {
    const port = await freePort();
    const server = await listen(port);
    try {
      const started = performance.now();
      const error = await ensurePortsFree([{ port, owner: "edge PORT" }], { settleMs: 5000 }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(`port ${port} (edge PORT) is in use`);
      expect(error?.message).toContain(`pid ${process.pid}`);
      expect(error?.message).toContain("listens on it");
      // Nobody else will free a listener's port: no waiting for it.
      expect(performance.now() - started).toBeLessThan(4000);
    } finally {
      await closeServer(server);
    }
  });

  test("the source port of a live connection: waited for, then named with its peer", async () => {
    const serverPort = await freePort();
    const server = await listen(serverPort);
    const socket = await connectTo(serverPort);
    const sourcePort = socket.localPort as number;
    const claim = { port: sourcePort, owner: "writer-rabbitmq PORT" };
    try {
      const error = await ensurePortsFree([claim], { settleMs: 300 }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain(`port ${sourcePort} (writer-rabbitmq PORT) is in use`);
      expect(error?.message).toContain(`pid ${process.pid}`);
      expect(error?.message).toContain(`connection to 127.0.0.1:${serverPort}`);
      expect(error?.message).toContain(`ip_local_reserved_ports=${sourcePort}`);

      // Freed while the check waits: it passes.
      const check = ensurePortsFree([claim], { settleMs: 5000 });
      await Bun.sleep(300);
      await closeFromServer(socket);
      await check;
    } finally {
      await closeSocket(socket);
      await closeServer(server);
    }
  }, 10_000);

  test("a port held by a closed connection in TIME_WAIT is waited for, saying so", async () => {
    const serverPort = await freePort();
    // The server closes after the client: the client's end waits out TIME_WAIT.
    const server = createServer((s) => s.on("end", () => s.end()).resume());
    await new Promise<void>((r) => server.listen(serverPort, "127.0.0.1", () => r()));
    const socket = await connectTo(serverPort);
    const sourcePort = socket.localPort as number;
    await new Promise<void>((r) => socket.end(() => socket.once("close", () => r())));
    try {
      const lines: string[] = [];
      const error = await ensurePortsFree([{ port: sourcePort, owner: "router PORT" }], {
        settleMs: 100,
        closingMs: 600,
        log: (line) => lines.push(line),
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(lines).toHaveLength(1);
      // Ours, and maybe another: an ephemeral port can also be the local end of an earlier
      // test's connection to another address (a fresh-clone CI once saw 2).
      expect(lines[0]).toMatch(
        new RegExp(`port ${sourcePort} \\(router PORT\\) is held by \\d+ closed connection`),
      );
      expect(error?.message).toContain(
        `a closed connection to 127.0.0.1:${serverPort} (TIME_WAIT)`,
      );
    } finally {
      await closeServer(server);
    }
  }, 10_000);
});
