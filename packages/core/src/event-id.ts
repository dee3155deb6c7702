/**
 * Event ids in the ULID layout: 48-bit milliseconds + 80 random bits, as 26 Crockford
 * base32 characters. Why not crypto.randomUUID(): these sort by ingest time (logs,
 * Kafka keys and "latest reports" line up across tiers without a timestamp lookup),
 * they are 10 bytes shorter per envelope, and Bun's time-ordered randomUUIDv7() does
 * not exist when services are bundled for Node. 80 random bits per millisecond make a
 * collision practically impossible (birthday bound: ~10^12 ids in the same ms).
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// One getRandomValues call per ~400 ids instead of one per id: on the ingest hot path
// the call overhead, not the entropy, is the cost.
const POOL_BYTES = 4000;
const pool = new Uint8Array(POOL_BYTES);
let offset = POOL_BYTES;

const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
// Every 10-bit value as the char codes of its two characters: 2 lookups per 10 random bits.
const HIGH = Uint8Array.from({ length: 1024 }, (_, i) => CODES[i >> 5] as number);
const LOW = Uint8Array.from({ length: 1024 }, (_, i) => CODES[i & 31] as number);

let lastMs = -1;
/** The char codes of the last millisecond's time part. */
let time: number[] = [];

function timeCodes(ms: number): number[] {
  if (ms !== lastMs) {
    const codes: number[] = [];
    let t = ms;
    for (let i = 0; i < 10; i++) {
      codes.unshift(CODES[t % 32] as number);
      t = Math.floor(t / 32);
    }
    lastMs = ms;
    time = codes;
  }
  return time;
}

/**
 * One String.fromCharCode of all 26 codes: a flat string. Joining the parts with `+`
 * made a rope that every later use (the record header, the JSON answer) flattened again:
 * measured 0.6 against 0.33 us per event for an id, its header and its answer in Bun.
 */
export function eventId(nowMs: number = Date.now()): string {
  if (offset + 10 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    offset = 0;
  }
  const t = timeCodes(nowMs);
  const p = pool;
  const o = offset;
  offset += 10;
  const b = (i: number) => p[o + i] as number;
  const r0 = (b(0) << 2) | (b(1) >> 6);
  const r1 = ((b(1) & 63) << 4) | (b(2) >> 4);
  const r2 = ((b(2) & 15) << 6) | (b(3) >> 2);
  const r3 = ((b(3) & 3) << 8) | b(4);
  const r4 = (b(5) << 2) | (b(6) >> 6);
  const r5 = ((b(6) & 63) << 4) | (b(7) >> 4);
  const r6 = ((b(7) & 15) << 6) | (b(8) >> 2);
  const r7 = ((b(8) & 3) << 8) | b(9);
  const hi = (r: number) => HIGH[r] as number;
  const lo = (r: number) => LOW[r] as number;
  return String.fromCharCode(
    ...t,
    hi(r0),
    lo(r0),
    hi(r1),
    lo(r1),
    hi(r2),
    lo(r2),
    hi(r3),
    lo(r3),
    hi(r4),
    lo(r4),
    hi(r5),
    lo(r5),
    hi(r6),
    lo(r6),
    hi(r7),
    lo(r7),
  );
}

/** The millisecond timestamp inside an id (for debugging and tests). */
export function eventIdTime(id: string): number {
  let ms = 0;
  for (let i = 0; i < 10; i++) {
    const digit = ALPHABET.indexOf(id[i] ?? "");
    if (digit < 0) throw new Error(`not an event id: ${JSON.stringify(id)}`);
    ms = ms * 32 + digit;
  }
  return ms;
}
