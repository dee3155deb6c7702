/**
 * The one exception type of rafaga. It carries a stable code (for logs, metrics and
 * clients that branch on it) and, where it reaches HTTP, the status to answer with.
 */
/** Every error code and the HTTP status it answers with: the one list types, gRPC acks and docs derive from. */
export const ERROR_STATUS = {
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
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Whether `code` is one of ours (a gRPC ack from a newer peer may carry another). */
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_STATUS, code);

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
  /**
   * For a batch: the error is about these events alone (positions in the batch, ascending),
   * and every other event is durable. Unset: about every event of the batch.
   */
  failedEvents?: readonly number[];
  cause?: unknown;
}

export class RafagaError extends Error {
  override readonly name = "RafagaError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  readonly notWritten: boolean;
  readonly failedEvents: readonly number[] | undefined;

  constructor(code: ErrorCode, message: string, options: RafagaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.field = options.field;
    this.retryAfter = options.retryAfter;
    this.notWritten = options.notWritten ?? false;
    this.failedEvents = options.failedEvents;
  }

  /**
   * The same failure restated for other events (a batch's subset, or one submit of it):
   * whether they were written, and which positions it is about. Caused by this one.
   */
  restated(scope: { notWritten: boolean; failedEvents?: readonly number[] }): RafagaError {
    return new RafagaError(this.code, this.message, {
      status: this.status,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.retryAfter === undefined ? {} : { retryAfter: this.retryAfter }),
      notWritten: scope.notWritten,
      ...(scope.failedEvents === undefined ? {} : { failedEvents: scope.failedEvents }),
      cause: this,
    });
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
