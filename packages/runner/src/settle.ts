/** Polls until `read` equals `expected` or the time runs out; returns the last value read. */
export async function settle<T>(
  read: () => Promise<T>,
  expected: T,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!Bun.deepEquals(last, expected) && Date.now() < deadline) {
    await Bun.sleep(250);
    last = await read();
  }
  return last;
}
