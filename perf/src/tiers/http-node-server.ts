/**
 * The alternative adapters of the ingest-http tier, bundled for Node (no uWebSockets.js
 * build loads in Bun): `uws` (uWebSockets.js) and `node-http` (node:http, for reference),
 * each doing what ingest does for one report: JSON.parse, parseWeatherTweet, encode it,
 * mint an event id, answer 202 {id}; a null sink behind, as for the Bun app.
 * Prints "port <n>"; exits on SIGTERM.
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { eventId, isRafagaError } from "@rafaga/core";
import { encodeWeatherTweet, parseWeatherTweet } from "@rafaga/domains";
import type * as UWS from "@trufflesuite/uws-js-unofficial";

function accept(body: string): { status: string; body: string } {
  try {
    encodeWeatherTweet(parseWeatherTweet(JSON.parse(body)));
    return { status: "202 Accepted", body: JSON.stringify({ id: eventId() }) };
  } catch (error) {
    const message = isRafagaError(error) ? error.message : "body is not valid JSON";
    return { status: "400 Bad Request", body: JSON.stringify({ error: message }) };
  }
}

const mode = process.argv[2];
if (mode === "uws") {
  // Loaded at run time, not bundled: the addon picks its .node binary by Node's ABI.
  const uws = createRequire(import.meta.url)("@trufflesuite/uws-js-unofficial") as typeof UWS;
  const app = uws.App().post("/api/tweets", (res, req) => {
    const type = req.getHeader("content-type");
    const chunks: Buffer[] = [];
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    res.onData((chunk, isLast) => {
      // uWS reuses the chunk's memory after the callback returns: copy it.
      chunks.push(Buffer.from(chunk.slice(0)));
      if (!isLast || aborted) return;
      const out = type.startsWith("application/json")
        ? accept(Buffer.concat(chunks).toString("utf8"))
        : { status: "415 Unsupported Media Type", body: '{"error":"content-type"}' };
      res.cork(() => {
        res.writeStatus(out.status).writeHeader("content-type", "application/json").end(out.body);
      });
    });
  });
  app.listen("127.0.0.1", 0, (socket) => {
    if (!socket) throw new Error("uWS could not listen");
    console.log(`port ${uws.us_socket_local_port(socket as unknown as UWS.us_socket)}`);
  });
} else if (mode === "node-http") {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const out = accept(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(Number(out.status.slice(0, 3)), { "content-type": "application/json" });
      res.end(out.body);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    console.log(`port ${typeof address === "object" && address ? address.port : 0}`);
  });
} else {
  throw new Error(`usage: http-node-server.js uws|node-http (got ${mode})`);
}
process.on("SIGTERM", () => process.exit(0));
