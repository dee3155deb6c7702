/** A Buffer view over the same memory: the clients want Buffers, copying would cost per event. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Header names seen so far, as bytes: a handful of constants, encoded once. */
const headerNames = new Map<string, Buffer>();
const MAX_HEADER_NAMES = 256;

/** A header name's bytes, cached (names are few and fixed; values are not). */
export function headerNameBytes(name: string): Buffer {
  let bytes = headerNames.get(name);
  if (bytes === undefined) {
    bytes = Buffer.from(name);
    if (headerNames.size < MAX_HEADER_NAMES) headerNames.set(name, bytes);
  }
  return bytes;
}
