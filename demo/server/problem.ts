import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const typeBase = 'https://crm-widgets.dev/problems/';

/** Answers with `application/problem+json`. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  slug: string,
  title: string,
  detail?: string,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
): Response {
  const body: Problem = { type: `${typeBase}${slug}`, title, status, ...extensions };
  if (detail) body.detail = detail;
  body.instance = new URL(c.req.url).pathname;
  return c.body(JSON.stringify(body), status, {
    'Content-Type': 'application/problem+json',
    ...headers,
  });
}
