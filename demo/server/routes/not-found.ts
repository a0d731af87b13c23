import type { Context } from 'hono';
import { problem } from '../problem.js';

/** 404 for a customer the caller's tenant does not have (another tenant's reads as missing). */
export const customerNotFound = (c: Context, id: string) =>
  problem(c, 404, 'not-found', 'Not found', `No customer ${id}.`);

/** A registered route, as Hono lists them in `app.routes`. */
interface RouteEntry {
  method: string;
  path: string;
}

const matcherOf = (path: string) =>
  new RegExp(
    `^${path
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}$`,
  );

/**
 * The methods `path` answers, from the app's routes (middleware, registered for every method, does
 * not count). `HEAD` comes with `GET` (Hono answers it), `OPTIONS` with any (CORS preflights).
 */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set(
    routes.filter((route) => route.method !== 'ALL' && matcherOf(route.path).test(path)).map((route) => route.method),
  );
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods];
}

/**
 * Answers a `/v1` request no route took: 405 with `Allow` when the path exists with other methods
 * (RFC 9110 §15.5.6), else 404.
 */
export function unmatchedApiRequest(c: Context, routes: readonly RouteEntry[]): Response {
  const allowed = allowedMethods(routes, c.req.path);
  if (allowed.length === 0 || allowed.includes(c.req.method))
    return problem(c, 404, 'not-found', 'Not found', 'No such route.');
  return problem(
    c,
    405,
    'method-not-allowed',
    'Method not allowed',
    `${c.req.method} is not a method of this route; it takes ${allowed.join(', ')}.`,
    { Allow: allowed.join(', ') },
  );
}
