import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import { CrmApiError } from './errors.js';
import { safeParse, type Schema } from './validate.js';

/** What the SDK asks of a token provider. */
export interface TokenRequest {
  /** The last token was refused: do not answer from a cache. */
  forceRefresh: boolean;
}

/**
 * Supplies bearer tokens. Called lazily, again shortly before the token's `exp`, and once with
 * `forceRefresh` after a 401. The SDK keeps tokens in memory only.
 */
export type TokenProvider = (request: TokenRequest) => string | Promise<string>;

export interface ApiClientOptions {
  /** The API's base URL, e.g. `https://crm.example.com/` (requests go to `<baseUrl>v1/...`). */
  baseUrl: string;
  getToken: TokenProvider;
  /** A fetch to use instead of the global one (tests, instrumented hosts). */
  fetch?: typeof fetch;
  /** Milliseconds before one attempt times out; 10 000 by default. */
  timeout?: number;
  /** Retries for safe requests; 2 by default. */
  retryLimit?: number;
}

export interface RequestOptions {
  /** Retries for this request (safe methods and keyed POSTs only). */
  retryLimit?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Conditional GET: the cached entity's ETag; a 304 answers `notModified`. */
  ifNoneMatch?: string;
  /** Optimistic concurrency for writes: the ETag the change was based on. */
  ifMatch?: string;
  /** Makes a POST safe to retry: the server applies it once per key. */
  idempotencyKey?: string;
  /** JSON body for writes. */
  json?: unknown;
  /**
   * The user (see `userOf`) the request must go as: with a token naming someone else it is not
   * sent, and fails as an `auth` error with status 401 (an outbox write then waits for its user).
   */
  user?: string;
}

/** A validated answer and the headers the stores need. */
export interface ApiResponse<T> {
  data: T;
  etag: string | undefined;
  status: number;
}

/** A conditional GET whose entity has not changed. */
export interface NotModified {
  notModified: true;
  etag: string | undefined;
}

type Method = 'get' | 'post' | 'patch';

/** The SDK's only HTTP speaker. */
export interface ApiClient {
  get<T>(path: string, schema: Schema<T>, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** GET with `If-None-Match`: the new entity, or `notModified`. */
  revalidate<T>(
    path: string,
    schema: Schema<T>,
    options: RequestOptions & { ifNoneMatch: string },
  ): Promise<ApiResponse<T> | NotModified>;
  send<T>(
    method: Exclude<Method, 'get'>,
    path: string,
    schema: Schema<T>,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>>;
  /** A streaming GET (server-sent events); the caller reads and cancels the body. */
  stream(path: string, options?: RequestOptions): Promise<Response>;
  /**
   * The current token's payload claims, decoded but not verified (the server verifies): what names
   * a user's storage on the device. The token itself is never handed out.
   */
  claims(): Promise<Record<string, unknown>>;
  /** Calls `listener` whenever the token provider hands over a new token; returns the unsubscribe. */
  onToken(listener: () => void): () => void;
}

/** Seconds of validity a cached token must still have to be reused. */
const tokenMargin = 30;

/** A JWT's payload, decoded without verifying it; empty for a token that is not a JWT. */
function claimsOf(token: string): Record<string, unknown> {
  try {
    const json: unknown = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Whom a token's claims name: its `tenant` and `sub` (a token naming neither cannot be told from another). */
export const userOf = ({ tenant, sub }: Record<string, unknown>): string => JSON.stringify([tenant, sub]);

function expiryOf(token: string): number | undefined {
  const { exp } = claimsOf(token);
  return typeof exp === 'number' ? exp : undefined;
}

/**
 * Caches the provider's token in memory and shares one pending call among concurrent requests.
 * `refresh(refused)` asks for a new token once however many requests were refused with the same
 * one; a request refused with an older token just uses the current one.
 */
function createTokenCache(getToken: TokenProvider) {
  let current: { token: string; exp: number | undefined } | undefined;
  const listeners = new Set<() => void>();
  let pending: { forced: boolean; promise: Promise<string> } | undefined;
  const ask = (forceRefresh: boolean): Promise<string> => {
    if (pending && (pending.forced || !forceRefresh)) return pending.promise;
    const request = (async () => {
      let token: unknown;
      try {
        token = await getToken({ forceRefresh });
      } catch (cause) {
        throw new CrmApiError('auth', 'The token provider failed.', { cause, retryable: true });
      }
      // Printable ASCII without spaces is all a header can carry; anything else would make fetch
      // throw an error that quotes the header, token included. Said without the value.
      if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token)) {
        throw new CrmApiError('auth', 'The token provider returned no usable token.', { retryable: true });
      }
      const renewed = current !== undefined && current.token !== token;
      current = { token, exp: expiryOf(token) };
      if (renewed) for (const listener of listeners) listener();
      return token;
    })();
    pending = { forced: forceRefresh, promise: request };
    void request
      .finally(() => {
        if (pending?.promise === request) pending = undefined;
      })
      .catch(() => undefined);
    return request;
  };
  return {
    get(): Promise<string> {
      if (current && (current.exp === undefined || current.exp - tokenMargin > Date.now() / 1000)) {
        return Promise.resolve(current.token);
      }
      return ask(false);
    },
    async refresh(refused: string | undefined): Promise<void> {
      if (current && current.token !== refused) return;
      await ask(true);
    },
    listeners,
  };
}

/** `Retry-After` (seconds, or an HTTP date) in milliseconds from now. */
function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get('Retry-After');
  const ms = !value ? NaN : /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

async function problemFields(response: Response) {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!/json/.test(contentType)) return {};
  try {
    const body = (await response.clone().json()) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
    // The reference API lists invalid fields as `errors: [{ pointer: '/email' }]`: the first becomes `field` (`email`).
    const first = Array.isArray(body.errors) ? (body.errors[0] as { pointer?: unknown } | undefined) : undefined;
    const pointer = typeof first?.pointer === 'string' ? first.pointer : undefined;
    const field = pointer
      ?.replace(/^\//, '')
      .split('/')
      .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    return { type: text('type'), title: text('title'), detail: text('detail'), instance: text('instance'), field };
  } catch {
    return {};
  }
}

// ky's errors hold the request, and so its Authorization header: they never become a `cause`,
// because CrmApiError travels to host code in `crm-error` events and error reporters.
async function toCrmApiError(error: unknown): Promise<CrmApiError> {
  if (error instanceof CrmApiError) return error;
  if (error instanceof HTTPError) {
    const { status } = error.response;
    const fields = await problemFields(error.response);
    const message = fields.title ? `${status} ${fields.title}` : `The server answered ${status}.`;
    const retryAfter = retryAfterOf(error.response);
    return new CrmApiError('http', message, { status, ...fields, ...(retryAfter === undefined ? {} : { retryAfter }) });
  }
  if (error instanceof TimeoutError) return new CrmApiError('timeout', 'The server did not answer in time.');
  if (error instanceof DOMException && error.name === 'AbortError') {
    return new CrmApiError('aborted', 'The request was aborted.', { cause: error });
  }
  return new CrmApiError('network', 'The server could not be reached.', { cause: error });
}

/** Full jitter: a random wait up to the exponential backoff (0.3 s, 0.6 s, … capped at 10 s), so
 * many clients that failed together do not retry together. */
const fullJitter = (attempt: number) => Math.random() * Math.min(10_000, 300 * 2 ** (attempt - 1));

/** ky's retries for `methods`: the statuses worth another try, `Retry-After` honoured up to 30 s. */
const retryFor = (methods: Method[], limit: number) => ({
  limit,
  methods,
  statusCodes: [408, 429, 500, 502, 503, 504],
  afterStatusCodes: [413, 429, 503],
  maxRetryAfter: 30_000,
  delay: fullJitter,
});

/** A 412 answer as the `conflict` error, with the server's current record when it sent one. */
async function conflictOf(response: Response): Promise<CrmApiError> {
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { current?: unknown };
  return new CrmApiError('conflict', 'The record changed on the server since it was read.', {
    status: 412,
    ...(await problemFields(response)),
    current: body.current,
    retryable: false,
  });
}

/** An answer's JSON, checked against `schema`: anything else is a `validation` error, never a crash. */
async function parseAnswer<T>(response: Response, schema: Schema<T>): Promise<ApiResponse<T>> {
  const etag = response.headers.get('ETag') ?? undefined;
  let json: unknown;
  try {
    json = await response.json();
  } catch (cause) {
    // Retryable: a body cut short on its way or a captive portal's page may well be followed by a
    // whole answer, unlike JSON that breaks the schema.
    throw new CrmApiError('validation', 'The server answered with something that is not JSON.', {
      status: response.status,
      cause,
      retryable: true,
    });
  }
  const result = safeParse(schema, json);
  if (!result.success) {
    const { path: field, message } = result.issue;
    throw new CrmApiError('validation', `The server's answer has an invalid field: ${field} (${message}).`, {
      status: response.status,
      field,
    });
  }
  return { data: result.output, etag, status: response.status };
}

/** Builds the ky instance and the typed, validated requests on top of it. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const tokens = createTokenCache(options.getToken);
  const http: KyInstance = ky.create({
    prefixUrl: options.baseUrl,
    timeout: options.timeout ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    retry: retryFor(['get'], options.retryLimit ?? 2),
  });

  async function fetchOnce(
    method: Method,
    path: string,
    options: RequestOptions,
    accept = 'application/json',
  ): Promise<Response> {
    // The token is fetched before ky's retry loop, not in a hook inside it: a provider that fails
    // (a webview's native side that never answers) fails the request once, not once per retry.
    const token = await tokens.get();
    if (options.user !== undefined && userOf(claimsOf(token)) !== options.user) {
      throw new CrmApiError('auth', 'The token names another user.', { status: 401, retryable: false });
    }
    const headers: Record<string, string> = {
      Accept: accept,
      ...options.headers,
      Authorization: `Bearer ${token}`,
    };
    if (options.ifNoneMatch) headers['If-None-Match'] = options.ifNoneMatch;
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    // A write is retried only when the server can tell a repeat from a new request.
    const retry =
      method === 'post' && options.idempotencyKey
        ? { retry: retryFor(['post'], options.retryLimit ?? 2) }
        : method === 'get'
          ? {}
          : { retry: 0 };
    return http(path.replace(/^\//, ''), {
      method,
      headers,
      signal: options.signal,
      ...(options.json === undefined ? {} : { json: options.json }),
      ...retry,
    });
  }

  /** One request, and once more with a refreshed token after a 401; a second 401 is an `auth` error. */
  async function fetchWithRefresh(method: Method, path: string, options: RequestOptions, accept?: string) {
    try {
      return await fetchOnce(method, path, options, accept);
    } catch (error) {
      if (!(error instanceof HTTPError && error.response.status === 401)) throw error;
      // Refresh once; a second 401 means the caller must sign in again, never a loop.
      await tokens.refresh(error.request.headers.get('Authorization')?.replace(/^Bearer /, ''));
      try {
        return await fetchOnce(method, path, options, accept);
      } catch (retryError) {
        if (!(retryError instanceof HTTPError && retryError.response.status === 401)) throw retryError;
        throw new CrmApiError('auth', 'The server refused a freshly issued token.', {
          status: 401,
          ...(await problemFields(retryError.response)),
          retryable: false,
        });
      }
    }
  }

  /** A request whose every failure is a CrmApiError; a 304 is an answer, not a failure. */
  async function fetchAuthorized(method: Method, path: string, options: RequestOptions, accept?: string) {
    try {
      return await fetchWithRefresh(method, path, options, accept);
    } catch (error) {
      if (error instanceof HTTPError && error.response.status === 304) return error.response;
      if (error instanceof HTTPError && error.response.status === 412) throw await conflictOf(error.response);
      throw await toCrmApiError(error);
    }
  }

  return {
    async get(path, schema, requestOptions = {}) {
      return parseAnswer(await fetchAuthorized('get', path, requestOptions), schema);
    },
    async revalidate(path, schema, requestOptions) {
      const response = await fetchAuthorized('get', path, requestOptions);
      if (response.status === 304) {
        return { notModified: true, etag: response.headers.get('ETag') ?? requestOptions.ifNoneMatch };
      }
      return parseAnswer(response, schema);
    },
    async send(method, path, schema, requestOptions = {}) {
      return parseAnswer(await fetchAuthorized(method, path, requestOptions), schema);
    },
    stream(path, requestOptions = {}) {
      return fetchAuthorized('get', path, { ...requestOptions }, 'text/event-stream');
    },
    claims: async () => claimsOf(await tokens.get()),
    onToken(listener) {
      tokens.listeners.add(listener);
      return () => tokens.listeners.delete(listener);
    },
  };
}
