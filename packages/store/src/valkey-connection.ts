import { RafagaError } from "@rafaga/core";
import { type ChainableCommander, Valkey } from "iovalkey";

export interface ConnectionOptions {
  url: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

/** Reconnect forever (Valkey coming back must need no restart of ours), at most 2 s apart. */
const RECONNECT_MAX_DELAY_MS = 2000;

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/**
 * One Valkey client tuned to fail fast instead of hanging: no offline queue (a command
 * sent while disconnected rejects at once), no per-request retries (a command whose
 * connection dropped rejects at once; the caller retries the whole batch, which is
 * idempotent), and a per-command timeout for a Valkey that accepts but never answers.
 * Each .lua script is a custom command: EVALSHA, falling back to EVAL after NOSCRIPT,
 * which is what a restarted Valkey answers since its script cache is empty.
 */
export class ValkeyConnection {
  readonly client: Valkey;
  private readonly options: ConnectionOptions;
  private lastError: Error | undefined;
  private closing: Promise<void> | undefined;

  /** `scripts`: file name ("weather-apply.lua") -> source, includes expanded. */
  constructor(what: string, options: ConnectionOptions, scripts: Readonly<Record<string, string>>) {
    this.options = options;
    this.client = new Valkey(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS),
      connectionName: `rafaga-${what}`,
    });
    // Without a listener iovalkey prints every reconnect failure; keep the last one for
    // the STORE_UNAVAILABLE message instead.
    this.client.on("error", (error: Error) => {
      this.lastError = error;
    });
    this.client.on("ready", () => {
      this.lastError = undefined;
    });
    for (const [name, lua] of Object.entries(scripts)) {
      this.client.defineCommand(commandName(name), { lua, numberOfKeys: 0 });
    }
  }

  /** Resolves once commands can be sent; rejects STORE_UNAVAILABLE after connectTimeoutMs. */
  async connect(): Promise<void> {
    if (this.closing) throw new RafagaError("CLOSED", "store is closed");
    const { client } = this;
    if (client.status === "ready") return;
    if (client.status === "wait") client.connect().catch(() => {});
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off("ready", onReady);
        reject(this.unavailable(`not ready after ${this.options.connectTimeoutMs} ms`));
      }, this.options.connectTimeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once("ready", onReady);
    });
  }

  /** Runs one .lua script; every failure on the way becomes STORE_UNAVAILABLE. */
  async run(script: string, args: (string | number)[]): Promise<unknown> {
    return this.call(() => this.scriptCall(script)(...args));
  }

  /** Connects if needed, then runs `op`, mapping failures like run(). */
  async call<T>(op: () => Promise<T>): Promise<T> {
    await this.connect();
    try {
      return await op();
    } catch (error) {
      throw this.unavailable(error instanceof Error ? error.message : String(error), error);
    }
  }

  /**
   * Reads in one MULTI: one round trip, and a consistent picture (no batch lands
   * between reading the totals and the per-municipality stats).
   */
  snapshot(queue: (tx: ChainableCommander) => void): Promise<unknown[]> {
    return this.call(async () => {
      const tx = this.client.multi();
      queue(tx);
      const replies = (await tx.exec()) ?? [];
      return replies.map(([error, value]) => {
        if (error) throw error;
        return value;
      });
    });
  }

  /** Idempotent: later calls return the first call's promise. */
  close(): Promise<void> {
    this.closing ??=
      this.client.status === "ready"
        ? this.client.quit().then(
            () => {},
            () => this.client.disconnect(),
          )
        : Promise.resolve(this.client.disconnect());
    return this.closing;
  }

  private scriptCall(script: string): ScriptCall {
    const call = (this.client as unknown as Record<string, ScriptCall>)[commandName(script)];
    if (!call) throw new Error(`script ${script} is not registered`);
    return call.bind(this.client);
  }

  private unavailable(reason: string, cause?: unknown): RafagaError {
    if (this.closing) return new RafagaError("CLOSED", "store is closed", { cause });
    const last = this.lastError ? ` (last connection error: ${this.lastError.message})` : "";
    return new RafagaError(
      "STORE_UNAVAILABLE",
      `Valkey at ${redactUrl(this.options.url)}: ${reason}${last}`,
      { cause: cause ?? this.lastError, retryAfter: 1 },
    );
  }
}

/** "weather-apply.lua" -> "rafagaWeatherApply": custom commands are client methods. */
function commandName(file: string): string {
  const words = file.replace(/\.lua$/, "").split("-");
  return `rafaga${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}`;
}

/** URLs may carry a password; error messages end up in logs. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}
