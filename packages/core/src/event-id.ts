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

let lastMs = -1;
let lastTimePart = "";

function timePart(ms: number): string {
  if (ms === lastMs) return lastTimePart;
  let t = ms;
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  lastMs = ms;
  lastTimePart = out;
  return out;
}

// Every 10-bit value as its two characters: 4 table lookups per 40 random bits.
const PAIRS = Array.from({ length: 1024 }, (_, i) => (ALPHABET[i >> 5] ?? "") + ALPHABET[i & 31]);

/** 40 random bits as 8 characters. */
function randomChars(at: number): string {
  const b0 = pool[at] as number;
  const b1 = pool[at + 1] as number;
  const b2 = pool[at + 2] as number;
  const b3 = pool[at + 3] as number;
  const b4 = pool[at + 4] as number;
  return (
    (PAIRS[(b0 << 2) | (b1 >> 6)] as string) +
    PAIRS[((b1 & 63) << 4) | (b2 >> 4)] +
    PAIRS[((b2 & 15) << 6) | (b3 >> 2)] +
    PAIRS[((b3 & 3) << 8) | b4]
  );
}

export function eventId(nowMs: number = Date.now()): string {
  if (offset + 10 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    offset = 0;
  }
  const id = timePart(nowMs) + randomChars(offset) + randomChars(offset + 5);
  offset += 10;
  return id;
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
