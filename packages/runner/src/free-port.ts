import { createServer } from "node:net";

// Below Linux's ephemeral range (32768-60999): a port the kernel picked for "port 0" can be
// handed out again as the source port of an outgoing connection before the tier that was
// meant to listen on it binds it, and the tier then dies at start-up. Ports from this
// range are only ever taken by a listener that asks for them.
const LOW = 20_000;
const HIGH = 32_000;
const handedOut = new Set<number>();

/** Whether a listener can bind the port now, as a tier would (Node's SO_REUSEADDR). */
export function canListen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A port nothing listens on right now, for services a test starts; never the same one
 * twice in this process, so the ports of one layout are distinct.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${LOW} and ${HIGH}`);
}

export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  return ports;
}
