/**
 * The one exception type of rafaga. It carries a stable code (for logs, metrics and
 * clients that branch on it) and, where it reaches HTTP, the status to answer with.
 */
export type ErrorCode =
  | "VALIDATION"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CLIENT_CLOSED"
  | "KEY_REUSED"
  | "OVERLOADED"
  | "BROKER_UNAVAILABLE"
  | "CONFIG"
  | "CLOSED"
  | "TIMEOUT"
  | "DECODE"
  | "STORE_UNAVAILABLE"
  | "INFRA";

const defaultStatus: Record<ErrorCode, number> = {
  VALIDATION: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  // nginx's "client closed request": nobody reads it, but logs and metrics tell it apart
  // from the server's own failures.
  CLIENT_CLOSED: 499,
  KEY_REUSED: 422,
  OVERLOADED: 429,
  BROKER_UNAVAILABLE: 503,
  CONFIG: 500,
  CLOSED: 503,
  TIMEOUT: 503,
  DECODE: 400,
  STORE_UNAVAILABLE: 503,
  INFRA: 500,
};

export interface RafagaErrorOptions {
  status?: number;
  /** The input field that is wrong, for validation errors. */
  field?: string;
  /** Seconds a client should wait before retrying (429/503). */
  retryAfter?: number;
  /**
   * Known not to be in any broker (refused before any write): a retry cannot count it
   * twice. Unset on a failure after a write may have happened (a timeout, a broken stream).
   */
  notWritten?: boolean;
  cause?: unknown;
}

export class RafagaError extends Error {
  override readonly name = "RafagaError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  readonly notWritten: boolean;

  constructor(code: ErrorCode, message: string, options: RafagaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? defaultStatus[code];
    this.field = options.field;
    this.retryAfter = options.retryAfter;
    this.notWritten = options.notWritten ?? false;
  }

  /** The JSON body clients receive. */
  toJSON(): { error: string; code: ErrorCode; field?: string } {
    return this.field === undefined
      ? { error: this.message, code: this.code }
      : { error: this.message, code: this.code, field: this.field };
  }
}

export function isRafagaError(value: unknown): value is RafagaError {
  return value instanceof RafagaError;
}
