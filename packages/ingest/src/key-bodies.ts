import { RafagaError } from "@rafaga/core";

/** How long a key stays bound to its body: the store's client-key window (clientKeyTtlSeconds). */
const KEY_TTL_MS = 24 * 3600 * 1000;

/**
 * The body each Idempotency-Key came with, so that a key reused with another body is
 * refused (422) instead of being accepted and then silently not counted (the store skips
 * its id as a duplicate). Bounded: the oldest keys are forgotten first. Per process: with
 * several ingest replicas, a reuse that lands on another replica is not caught.
 */
export class KeyBodies {
  readonly #digests = new Map<string, { digest: bigint | number; at: number }>();
  readonly #capacity: number;

  constructor(capacity = 100_000) {
    this.#capacity = capacity;
  }

  /** Binds the key to this body, or throws KEY_REUSED if it is bound to another one. */
  check(key: string, body: string): void {
    const digest = Bun.hash(body);
    const now = Date.now();
    const known = this.#digests.get(key);
    if (known && now - known.at < KEY_TTL_MS) {
      if (known.digest !== digest) {
        throw new RafagaError(
          "KEY_REUSED",
          "this Idempotency-Key came before with another body; use a new key for a new event",
          { field: "idempotency-key" },
        );
      }
      return;
    }
    this.#digests.delete(key);
    this.#digests.set(key, { digest, at: now });
    if (this.#digests.size > this.#capacity) {
      const oldest = this.#digests.keys().next().value;
      if (oldest !== undefined) this.#digests.delete(oldest);
    }
  }
}
