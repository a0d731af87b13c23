/**
 * What went wrong with a request:
 * - `http`: the server answered with an error status (problem+json fields filled in when sent);
 * - `network`: no answer (offline, DNS, CORS, connection reset);
 * - `timeout`: no answer in time;
 * - `validation`: the answer did not match the contract;
 * - `auth`: no usable token (the token provider failed, or the server refused a fresh token);
 * - `aborted`: nobody needs the answer any more;
 * - `conflict`: a write was based on a stale version (HTTP 412); `current` is the server's record.
 */
export type CrmApiErrorKind = 'http' | 'network' | 'timeout' | 'validation' | 'auth' | 'aborted' | 'conflict';

export interface CrmApiErrorInit {
  status?: number;
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
  /** For `validation`: the dotted path of the offending field; for `http` 400/422: the first field the server refused. */
  field?: string;
  retryable?: boolean;
  /** For `conflict`: the server's current version of the record. */
  current?: unknown;
  /** Milliseconds the server asked to wait before trying again (`Retry-After`). */
  retryAfter?: number;
  cause?: unknown;
}

/** The one error type every SDK request fails with. Its message never contains a token. */
export class CrmApiError extends Error {
  override readonly name = 'CrmApiError';
  readonly kind: CrmApiErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** problem+json `type`. */
  readonly type: string | undefined;
  /** problem+json `title`. */
  readonly title: string | undefined;
  /** problem+json `detail`. */
  readonly detail: string | undefined;
  /** problem+json `instance`. */
  readonly instance: string | undefined;
  /**
   * For `validation` errors: the path of the answer's field that did not match
   * (`lifetimeValue.amount`). For `http` 400/422: the first request field the server refused (`email`).
   */
  readonly field: string | undefined;
  /** Whether trying the same request again may succeed. */
  readonly retryable: boolean;
  /** For `conflict` errors: the server's current version of the record (validated by the caller). */
  readonly current: unknown;
  /** Milliseconds the server asked to wait before trying again (`Retry-After` of a 429 or 503). */
  readonly retryAfter: number | undefined;

  constructor(kind: CrmApiErrorKind, message: string, init: CrmApiErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    this.status = init.status;
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.instance = init.instance;
    this.field = init.field;
    this.current = init.current;
    this.retryAfter = init.retryAfter;
    this.retryable = init.retryable ?? defaultRetryable(kind, init.status);
  }
}

function defaultRetryable(kind: CrmApiErrorKind, status: number | undefined): boolean {
  switch (kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'http':
      return status === undefined || status === 408 || status === 429 || status >= 500;
    default:
      return false;
  }
}

/** True when `error` is a {@link CrmApiError}. */
export function isCrmApiError(error: unknown): error is CrmApiError {
  return error instanceof CrmApiError;
}
