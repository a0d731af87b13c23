import type { Context } from 'hono';
import * as v from 'valibot';
import { channels } from './contacts.js';
import { problem } from './problem.js';

/** One field's complaint, located by a JSON Pointer into the body (or `/query/<name>`). */
export interface FieldError {
  pointer: string;
  detail: string;
}

const pointerOf = (issue: v.BaseIssue<unknown>) =>
  `/${(issue.path ?? []).map((item) => String(item.key).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

export function fieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => ({
    pointer: pointerOf(issue),
    detail: issue.type === 'strict_object' ? 'Unknown field.' : issue.message,
  }));
}

export function invalid(c: Context, detail: string, errors: FieldError[]): Response {
  return problem(c, 400, 'invalid-request', 'Invalid request', detail, {}, { errors });
}

const isoTimestamp = v.pipe(v.string(), v.isoTimestamp('Expected an ISO 8601 timestamp.'));

export const customerPatchSchema = v.pipe(
  v.strictObject({
    name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'A name is required.'), v.maxLength(200))),
    email: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(254), v.email('Expected an email address.')))),
    phone: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^\+?[0-9 ()\-.]{3,40}$/, 'Expected a phone number.')))),
    tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40))), v.maxLength(20))),
  }),
  v.check((patch) => Object.keys(patch).length > 0, 'Nothing to change: send at least one of name, email, phone, tags.'),
);

export const newContactSchema = v.strictObject({
  channel: v.picklist(channels, `Expected one of: ${channels.join(', ')}.`),
  direction: v.optional(v.nullable(v.picklist(['inbound', 'outbound'] as const, 'Expected inbound, outbound or null.')), null),
  subject: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  body: v.pipe(v.string(), v.minLength(1, 'A body is required.'), v.maxLength(10_000)),
  occurredAt: v.optional(isoTimestamp),
});

/**
 * Reads a JSON body: 415 unless it is `application/json`, 400 when it does not parse. (The 64 KiB
 * cap is the body-limit middleware's.) Answers the value, or the error response to send.
 */
export async function readJson(c: Context): Promise<{ value: unknown } | { response: Response }> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    return { response: problem(c, 415, 'unsupported-media-type', 'Unsupported media type', 'Send the body as application/json.') };
  }
  const text = await c.req.text();
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { response: problem(c, 400, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.') };
  }
}
