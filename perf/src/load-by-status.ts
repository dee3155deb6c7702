#!/usr/bin/env bun
/**
 * A closed-loop HTTP/1.1 load generator on raw keep-alive sockets that keeps latency per
 * status class: wrk and autocannon report one distribution over every answer, which
 * under shedding mixes quick 429s into the accepted requests' percentiles. One request in
 * flight per connection, as wrk; the answer is framed by Content-Length (the servers
 * measured here always send it). Run it pinned to a core of its own; it prints one
 * `RESULT {json}` line: requests/s, answers per status, and percentiles in ms of the 2xx
 * answers and of the rest. With `--honor-retry-after` a connection answered with a
 * Retry-After waits that long (times 0.5-1.5, so the clients do not all come back at once)
 * before its next request, as a well-behaved client does; without it, it asks again at
 * once, as wrk and autocannon do.
 *
 *   bun perf/src/load-by-status.ts <url> <connections> <seconds> <body-file> [--honor-retry-after]
 */
import { readFileSync } from "node:fs";
import { type Histogram, microsHistogram, percentilesMs } from "./tiers/http-hdr.ts";

const args = process.argv.slice(2);
const honorRetryAfter = args.includes("--honor-retry-after");
const [target, connectionsArg, secondsArg, bodyFile] = args.filter((a) => !a.startsWith("--"));
if (!target || !connectionsArg || !secondsArg || !bodyFile) {
  console.error(
    "usage: load-by-status.ts <url> <connections> <seconds> <body-file> [--honor-retry-after]",
  );
  process.exit(2);
}
const contentType = "application/json";
const url = new URL(target);
const body = readFileSync(bodyFile);
const request = Buffer.concat([
  Buffer.from(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\n\r\n`,
  ),
  body,
]);
const durationMs = Number(secondsArg) * 1000;

const accepted = microsHistogram();
const refused = microsHistogram();
const statuses = new Map<number, number>();
let socketErrors = 0;
let measuring = true;

interface Connection {
  sentAt: number;
  pending: Buffer;
}

function record(status: number, sentAt: number): void {
  const us = Math.max(1, Math.round((performance.now() - sentAt) * 1000));
  const h: Histogram = status >= 200 && status < 300 ? accepted : refused;
  h.recordValue(us);
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}

/** Parses every complete answer in the buffer; returns the unparsed rest. */
function answers(
  conn: Connection,
  data: Buffer,
  onAnswer: (status: number, retryAfterS: number) => void,
): Buffer {
  let buf = conn.pending.length > 0 ? Buffer.concat([conn.pending, data]) : data;
  for (;;) {
    const headEnd = buf.indexOf("\r\n\r\n");
    if (headEnd < 0) return buf;
    const head = buf.toString("latin1", 0, headEnd);
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headEnd + 4 + length;
    if (buf.length < end) return buf;
    onAnswer(Number(head.slice(9, 12)), Number(/retry-after:\s*(\d+)/i.exec(head)?.[1] ?? 0));
    buf = buf.subarray(end);
  }
}

const started = performance.now();
const sockets = await Promise.all(
  Array.from({ length: Number(connectionsArg) }, () =>
    Bun.connect<Connection>({
      hostname: url.hostname,
      port: Number(url.port),
      data: { sentAt: 0, pending: Buffer.alloc(0) },
      socket: {
        open(socket) {
          socket.data.sentAt = performance.now();
          socket.write(request);
        },
        data(socket, data) {
          socket.data.pending = answers(socket.data, data, (status, retryAfterS) => {
            record(status, socket.data.sentAt);
            const send = () => {
              if (!measuring) return;
              socket.data.sentAt = performance.now();
              socket.write(request);
            };
            if (honorRetryAfter && retryAfterS > 0) {
              setTimeout(send, retryAfterS * 1000 * (0.5 + Math.random()));
            } else send();
          });
        },
        error() {
          socketErrors++;
        },
      },
    }),
  ),
);
await Bun.sleep(Math.max(0, durationMs - (performance.now() - started)));
measuring = false;
const elapsedS = (performance.now() - started) / 1000;
// Answers to requests still in flight are recorded as they come, for up to 10 s.
const drainUntil = performance.now() + 10_000;
const total = () => [...statuses.values()].reduce((a, b) => a + b, 0);
let lastTotal = -1;
while (performance.now() < drainUntil && total() !== lastTotal) {
  lastTotal = total();
  await Bun.sleep(200);
}
for (const s of sockets) s.end();
const sum = total();
console.log(
  `RESULT ${JSON.stringify({
    requestsPerSecond: Math.round(sum / elapsedS),
    statuses: Object.fromEntries(statuses),
    accepted: accepted.totalCount,
    answered: sum,
    socketErrors,
    acceptedMs: accepted.totalCount > 0 ? percentilesMs(accepted) : null,
    refusedMs: refused.totalCount > 0 ? percentilesMs(refused) : null,
  })}`,
);
process.exit(0);
