import type { Context, Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { fieldLimits, requestLimits } from '../../src/api/limits.js';
import { allScopes, type Scope } from './auth.js';
import { channels } from './contacts.js';
import { BadCursorError, decodeCursor } from './cursor.js';
import { orderStatuses } from './orders.js';
import { problem } from './problem.js';
import { parseTimestamp } from './timestamp.js';

/** One field's complaint, located by a JSON Pointer into the body (or `/query/<name>`). */
export interface FieldError {
  pointer: string;
  detail: string;
}

const pointerOf = (issue: v.BaseIssue<unknown>, prefix: string) =>
  `${prefix}/${(issue.path ?? []).map((item) => String(item.key).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

export function fieldErrors(issues: readonly v.BaseIssue<unknown>[], prefix = ''): FieldError[] {
  return issues.map((issue) => ({
    pointer: pointerOf(issue, prefix),
    detail: issue.type === 'strict_object' ? 'Unknown field.' : issue.message,
  }));
}

export function invalid(c: Context, detail: string, errors: FieldError[]): Response {
  return problem(c, 400, 'invalid-request', 'Invalid request', detail, {}, { errors });
}

// ---- Schemas: every input the API takes, checked before a handler runs -------------------------

const { customer, contact } = fieldLimits;

/** Lengths in Unicode code points, as JSON Schema's `minLength` / `maxLength` count them. */
export const codePointLength = (text: string) =>
  text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
const atLeast = (minimum: number, message = `At least ${minimum} characters.`) =>
  v.check((text: string) => codePointLength(text) >= minimum, message);
const atMost = (maximum: number, message = `At most ${maximum} characters.`) =>
  v.check((text: string) => codePointLength(text) <= maximum, message);

/**
 * Text PostgreSQL stores exactly as sent: no U+0000 (a `text` column cannot hold it) and no lone
 * surrogate (it would be stored as U+FFFD).
 */
const storableText = v.pipe(
  v.string(),
  v.check((text) => !text.includes('\0'), 'U+0000 is not allowed.'),
  v.check((text) => !/[\uD800-\uDFFF]/u.test(text), 'Not well-formed Unicode (a lone surrogate).'),
);

/** An RFC 3339 `date-time` that is stored as the instant sent (see timestamp.ts). */
const timestamp = v.pipe(
  v.string(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const parsed = parseTimestamp(dataset.value);
    if ('error' in parsed) addIssue({ message: parsed.error });
  }),
);

export const customerPatchSchema = v.pipe(
  v.strictObject({
    name: v.optional(
      v.pipe(
        storableText,
        v.trim(),
        atLeast(customer.name.minLength, 'A name is required.'),
        atMost(customer.name.maxLength),
      ),
    ),
    email: v.optional(
      v.nullable(
        v.pipe(storableText, v.trim(), atMost(customer.email.maxLength), v.email('Expected an email address.')),
      ),
    ),
    phone: v.optional(
      v.nullable(v.pipe(v.string(), v.trim(), v.regex(customer.phone.pattern, 'Expected a phone number.'))),
    ),
    tags: v.optional(
      v.pipe(
        v.array(v.pipe(storableText, v.trim(), atLeast(customer.tag.minLength), atMost(customer.tag.maxLength))),
        v.maxLength(customer.tags.maxItems),
      ),
    ),
  }),
  v.check(
    (patch) => Object.keys(patch).length > 0,
    'Nothing to change: send at least one of name, email, phone, tags.',
  ),
);

export const newContactSchema = v.strictObject({
  channel: v.picklist(channels, `Expected one of: ${channels.join(', ')}.`),
  direction: v.optional(
    v.nullable(v.picklist(['inbound', 'outbound'] as const, 'Expected inbound, outbound or null.')),
    null,
  ),
  subject: v.optional(v.pipe(storableText, v.trim(), atMost(contact.subject.maxLength))),
  body: v.pipe(storableText, atLeast(contact.body.minLength, 'A body is required.'), atMost(contact.body.maxLength)),
  occurredAt: v.optional(timestamp),
});

/** The path's `:id`. */
export const idParamSchema = v.object({ id: v.pipe(v.string(), v.regex(requestLimits.id.pattern)) });

const { pageSize } = requestLimits;

/** `limit` (1–100, default 20) and `cursor` (an empty one is none) of a paged list. */
export const pageQuerySchema = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.check(
        (limit) => Number.isInteger(limit) && limit >= pageSize.minimum && limit <= pageSize.maximum,
        `Expected an integer from ${pageSize.minimum} to ${pageSize.maximum}.`,
      ),
    ),
    String(pageSize.default),
  ),
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        if (dataset.value === '') return undefined;
        try {
          return decodeCursor(dataset.value);
        } catch (error) {
          if (!(error instanceof BadCursorError)) throw error;
          addIssue({ message: error.message });
          return NEVER;
        }
      }),
    ),
  ),
});

/** `q` of the customer search, trimmed (an empty one is none). */
export const searchQuerySchema = v.object({
  q: v.optional(v.pipe(storableText, v.trim(), atMost(requestLimits.search.maxLength))),
});

export const orderStatusQuerySchema = v.object({
  status: v.optional(v.picklist(orderStatuses, `Expected one of: ${orderStatuses.join(', ')}.`)),
});

export const ifMatchHeaderSchema = v.object({ 'if-match': v.pipe(v.string(), v.minLength(1)) });

const { idempotencyKey } = requestLimits;
const idempotencyKeySchema = v.pipe(
  v.string(),
  v.minLength(idempotencyKey.minLength),
  v.maxLength(idempotencyKey.maxLength),
  v.regex(idempotencyKey.pattern),
);
/** `Idempotency-Key` where it is required (`POST …/contacts`)… */
export const idempotencyKeyHeaderSchema = v.object({ 'idempotency-key': idempotencyKeySchema });
/** …and where it may be left out (`PATCH /v1/customers/{id}`); either way a malformed one is refused. */
export const optionalIdempotencyKeyHeaderSchema = v.object({ 'idempotency-key': v.optional(idempotencyKeySchema) });

const { demoTokenTtl } = requestLimits;
const demoTokenMessages = {
  body: 'The body must be a JSON object.',
  tenant: '`tenant` must be "demo" or "acme".',
  userId: '`userId` must be 1–64 letters, digits, "_" or "-".',
  scope: `\`scope\` must be space-separated values of: ${allScopes.join(', ')}.`,
  ttlSeconds: `\`ttlSeconds\` must be an integer from ${demoTokenTtl.minimum} to ${demoTokenTtl.maximum}.`,
};

/** `POST /v1/auth/demo-token`: every field optional (`null` too), unknown fields ignored. */
export const demoTokenSchema = v.pipe(
  v.custom<Record<string, unknown>>(
    (body) => typeof body === 'object' && body !== null && !Array.isArray(body),
    demoTokenMessages.body,
  ),
  v.object({
    tenant: v.nullish(v.picklist(['demo', 'acme'] as const, demoTokenMessages.tenant), 'demo'),
    userId: v.nullish(
      v.pipe(v.string(demoTokenMessages.userId), v.regex(requestLimits.id.pattern, demoTokenMessages.userId)),
      'u_demo',
    ),
    scope: v.nullish(
      v.pipe(
        v.string(demoTokenMessages.scope),
        v.check(
          (scope) => scope.split(' ').every((item) => allScopes.includes(item as Scope)),
          demoTokenMessages.scope,
        ),
      ),
      allScopes.join(' '),
    ),
    ttlSeconds: v.nullish(
      v.pipe(
        v.number(demoTokenMessages.ttlSeconds),
        v.integer(demoTokenMessages.ttlSeconds),
        v.minValue(demoTokenTtl.minimum, demoTokenMessages.ttlSeconds),
        v.maxValue(demoTokenTtl.maximum, demoTokenMessages.ttlSeconds),
      ),
      demoTokenTtl.default,
    ),
  }),
);

// ---- The validator: one middleware for every target ---------------------------------------------

type Target = 'json' | 'param' | 'query' | 'header';
type Issues = [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]];

/** A body reader: the parsed value, or the response to send instead. */
export type BodyReader = (c: Context) => Promise<{ value: unknown } | { response: Response }>;

/**
 * Whether a `Content-Type` is the one the contract takes: `application/json`, in UTF-8 (RFC 8259
 * has no other charset; a `charset` parameter, if any, must say so).
 */
export function isJsonUtf8(contentType: string | undefined): boolean {
  const [type = '', ...parameters] = (contentType ?? '').split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    return name.trim().toLowerCase() !== 'charset' || /^"?utf-8"?$/i.test(value.trim());
  });
}

/**
 * Reads a JSON body: 415 unless it is `application/json` in UTF-8 (`application/merge-patch+json`
 * and other `+json` types are other formats, not this one), 400 when it does not parse. (The
 * 64 KiB cap is the body-limit middleware's.) Answers the value, or the error response to send.
 */
export const readJson: BodyReader = async (c) => {
  if (!isJsonUtf8(c.req.header('Content-Type'))) {
    return {
      response: problem(
        c,
        415,
        'unsupported-media-type',
        'Unsupported media type',
        'Send the body as application/json (UTF-8).',
      ),
    };
  }
  const text = await c.req.text();
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { response: problem(c, 400, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.') };
  }
};

/** A body that may be empty (read as `{}`), of any content type; what does not parse is a 400. */
export const readOptionalJson: BodyReader = async (c) => {
  const text = await c.req.text();
  if (!text.trim()) return { value: {} };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { response: problem(c, 400, 'invalid-body', 'Invalid body', demoTokenMessages.body) };
  }
};

async function inputOf(c: Context, target: Target, read: BodyReader) {
  if (target === 'json') return read(c);
  if (target === 'param') return { value: c.req.param() };
  if (target === 'query') return { value: c.req.query() };
  return { value: c.req.header() };
}

/**
 * Validates one part of the request with a valibot schema before the handler runs, like Hono's
 * `validator()`: the handler reads the output with `c.req.valid(target)`. A failure answers
 * `reject(c, issues)`; a body that cannot be read answers the reader's problem. Two validators of
 * one target (a page query, then a search) merge their outputs, and run in order.
 */
export function validate<T extends Target, S extends v.GenericSchema>(
  target: T,
  schema: S,
  reject: (c: Context, issues: Issues) => Response,
  read: BodyReader = readJson,
): MiddlewareHandler<Env, string, { in: { [K in T]: v.InferInput<S> }; out: { [K in T]: v.InferOutput<S> } }> {
  return createMiddleware(async (c, next) => {
    const input = await inputOf(c, target, read);
    if ('response' in input) return input.response;
    const parsed = v.safeParse(schema, input.value);
    if (!parsed.success) return reject(c, parsed.issues);
    const earlier = (c.req.valid as (target: T) => object | undefined)(target);
    c.req.addValidatedData(target, { ...earlier, ...(parsed.output as object) });
    await next();
  });
}

// ---- What each kind of failure answers ---------------------------------------------------------

/** 400 listing each field's complaint, pointers into the body. */
export const invalidBody = (detail: string) => (c: Context, issues: Issues) => invalid(c, detail, fieldErrors(issues));

/** 400 listing each parameter's complaint, pointers `/query/<name>`. */
export const invalidQuery = (detail: string) => (c: Context, issues: Issues) =>
  invalid(c, detail, fieldErrors(issues, '/query'));

export const invalidId = (c: Context) =>
  problem(c, 400, 'invalid-id', 'Invalid id', 'An id is 1–64 letters, digits, "_" or "-".');

/** 400 for a missing (where required) or malformed `Idempotency-Key`. */
export const invalidIdempotencyKey = (c: Context) =>
  problem(
    c,
    400,
    'idempotency-key-required',
    'Idempotency-Key required',
    'Send an Idempotency-Key header (8–200 visible ASCII characters) that is unique per user action.',
  );

/** The demo-token body's first complaint, as one sentence. */
export const invalidDemoToken = (c: Context, issues: Issues) =>
  problem(c, 400, 'invalid-body', 'Invalid body', issues[0].message);
