import type { ServiceName } from "./service-name.ts";

export type Progress = (message: string) => void;

/** One process of a server made of several (a broker of a Kafka cluster), for `status`. */
export interface MemberStatus {
  name: string;
  healthy: boolean;
  pid: number | undefined;
  port: number;
  description: string;
}

/** One native server managed by infra. Each implementation owns its install, start and checks. */
export interface Server {
  readonly name: ServiceName;
  readonly port: number;
  /** Human description of what runs, e.g. "valkey 9.1.2" or the fallback actually in use. */
  describe(): string;
  /** Idempotent and cached: does nothing when already installed. */
  install(progress: Progress): Promise<void>;
  /** Spawns the server (it must not be running) and waits until it is healthy. */
  start(progress: Progress): Promise<void>;
  /** After start or when found healthy: topics and the like. Cheap when already done. */
  prepare?(progress: Progress): Promise<void>;
  /** Answers a real protocol request, not just an open port. */
  isHealthy(): Promise<boolean>;
  /** The pid we recorded, only if that process is still our server. */
  ownedPid(): number | undefined;
  /** Clean shutdown of our process; no-op when not running. */
  stop(): Promise<void>;
  /** SIGKILL, to simulate a crash; resolves once the port is closed. */
  kill(): Promise<void>;
  /** Waits after a (re)start until clients can really use the server again. */
  waitReady(timeoutMs: number): Promise<void>;
  dataDir: string;
  logFiles(): string[];
  /**
   * For a server of several processes: starts those not running, waits for those that
   * are, and refuses a port held by a stranger; `up` and `startService` call it instead
   * of their one-process logic, which would wait forever on a cluster with one node dead.
   */
  startMissing?(progress: Progress): Promise<void>;
  /** Its processes one by one, when it has several. */
  members?(): Promise<MemberStatus[]>;
}
