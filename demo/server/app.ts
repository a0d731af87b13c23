import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import { serveStatic } from '@hono/node-server/serve-static';
import * as v from 'valibot';
import { allScopes, requireScope, type AuthEnv, type Scope, type TokenSigner } from './auth.js';
import { findUserName, insertContact, listContacts, type ContactEntry } from './contacts.js';
import { BadCursorError, decodeCursor, type Cursor } from './cursor.js';
import { customerExists, findCustomer, listCustomers, updateCustomer } from './customers.js';
import type { Db } from './db.js';
import { eventsAfter, recordEvent, type CrmEvent, type EventHub } from './events.js';
import { fingerprint, runIdempotent } from './idempotency.js';
import { readInsights } from './insights/compute.js';
import { listOrdersJson, orderStatuses, type OrderStatus } from './orders.js';
import { problem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import { customerPatchSchema, fieldErrors, invalid, newContactSchema, readJson } from './validation.js';

export interface AppOptions {
  db: Db;
  signer: TokenSigner;
  /** Fans `NOTIFY` out to `/v1/events` streams. */
  hub: EventHub;
  /** Demo mode: enables `POST /v1/auth/demo-token`. */
  demo: boolean;
  /** Serve the demo pages and bundles from this directory (the repository root). */
  staticRoot?: string;
  /** Origins allowed to call the API from a browser, besides the server's own. */
  allowedOrigins?: string[];
  limiter?: RateLimiter;
  /** Milliseconds between SSE heartbeat comments (15 000). */
  heartbeatMs?: number;
  /** The OpenAPI document served at `/v1/openapi.json`. */
  openapi?: unknown;
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const maxBodyBytes = 64 * 1024;

/**
 * The policy the demo pages are served under: the strict one the SDK promises to render under
 * (no inline script or style, Trusted Types limited to Lit's policy and the SDK's own). The style
 * nonce is only for browsers without constructable stylesheets (Safari < 16.4), where Lit falls
 * back to `<style>` elements; the page publishes it in `<meta property="csp-nonce">`.
 */
export const demoContentSecurityPolicy = (nonce: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html crm-widgets',
  ].join('; ');

/** `If-None-Match` / `If-Match` hold the entity tag (weak comparison, lists and `*` allowed). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}

const etagOf = (id: string, version: number) => `"${id}.v${version}"`;

type ListQuery = { limit: number; after?: Cursor };

/** `limit` (1–100, default 20) and `cursor` from the query string, or the 400 to answer. */
function listQuery(c: Context): ListQuery | Response {
  const errors = [];
  const limitText = c.req.query('limit');
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) errors.push({ pointer: '/query/limit', detail: 'Expected an integer from 1 to 100.' });
  let after: Cursor | undefined;
  const cursor = c.req.query('cursor');
  if (cursor !== undefined && cursor !== '') {
    try {
      after = decodeCursor(cursor);
    } catch (error) {
      if (!(error instanceof BadCursorError)) throw error;
      errors.push({ pointer: '/query/cursor', detail: error.message });
    }
  }
  if (errors.length > 0) return invalid(c, 'The query string has invalid parameters.', errors);
  return after ? { limit, after } : { limit };
}

export function createApp(options: AppOptions) {
  const { db, signer, hub, demo, staticRoot, allowedOrigins = [], limiter, heartbeatMs = 15_000 } = options;
  const app = new Hono<AuthEnv>();
  const read = requireScope(signer, 'crm:read', limiter);
  const write = requireScope(signer, 'crm:write', limiter);
  const badId = (c: Context) => problem(c, 400, 'invalid-id', 'Invalid id', 'An id is 1–64 letters, digits, "_" or "-".');
  const notFound = (c: Context, id: string) => problem(c, 404, 'not-found', 'Not found', `No customer ${id}.`);

  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (allowedOrigins.includes('*') || allowedOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'Accept-Language', 'Last-Event-ID'],
      allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
      exposeHeaders: ['ETag', 'Retry-After', 'Idempotent-Replayed', 'WWW-Authenticate', 'Location'],
      maxAge: 600,
    }),
  );

  app.use('/v1/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => problem(c, 413, 'body-too-large', 'Body too large', `Bodies are limited to ${maxBodyBytes / 1024} KiB.`),
    }),
  );

  if (options.openapi) {
    app.get('/v1/openapi.json', (c) => c.json(options.openapi as object));
  }

  if (demo) {
    app.post('/v1/auth/demo-token', async (c) => {
      let body: Record<string, unknown> = {};
      const text = await c.req.text();
      if (text.trim()) {
        try {
          const parsed: unknown = JSON.parse(text);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
          body = parsed as Record<string, unknown>;
        } catch {
          return problem(c, 400, 'invalid-body', 'Invalid body', 'The body must be a JSON object.');
        }
      }
      const tenant = body.tenant ?? 'demo';
      if (tenant !== 'demo' && tenant !== 'acme') {
        return problem(c, 400, 'invalid-body', 'Invalid body', '`tenant` must be "demo" or "acme".');
      }
      const userId = body.userId ?? 'u_demo';
      if (typeof userId !== 'string' || !idPattern.test(userId)) {
        return problem(c, 400, 'invalid-body', 'Invalid body', '`userId` must be 1–64 letters, digits, "_" or "-".');
      }
      const scope = body.scope ?? allScopes.join(' ');
      if (typeof scope !== 'string' || !scope.split(' ').every((s) => allScopes.includes(s as Scope))) {
        return problem(c, 400, 'invalid-body', 'Invalid body', `\`scope\` must be space-separated values of: ${allScopes.join(', ')}.`);
      }
      const ttlSeconds = body.ttlSeconds ?? 900;
      if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 86_400) {
        return problem(c, 400, 'invalid-body', 'Invalid body', '`ttlSeconds` must be an integer from 1 to 86400.');
      }
      const { token, expiresAt } = await signer.sign({ sub: userId, tenant, scope }, ttlSeconds);
      return c.json({ token, expiresAt: expiresAt.toISOString() });
    });
  }

  app.get('/v1/customers', read, async (c) => {
    const query = listQuery(c);
    if (query instanceof Response) return query;
    const q = c.req.query('q')?.trim();
    if (q && q.length > 200) return invalid(c, 'The search is too long.', [{ pointer: '/query/q', detail: 'At most 200 characters.' }]);
    return c.json(await listCustomers(db, c.get('caller').tenant, { ...query, ...(q ? { q } : {}) }));
  });

  app.get('/v1/customers/:id', read, async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) return badId(c);
    const found = await findCustomer(db, c.get('caller').tenant, id);
    if (!found) return notFound(c, id);
    const etag = etagOf(found.customer.id, found.version);
    if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304, { ETag: etag });
    c.header('ETag', etag);
    return c.json(found.customer);
  });

  app.patch('/v1/customers/:id', write, async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) return badId(c);
    const ifMatch = c.req.header('If-Match');
    if (!ifMatch) {
      return problem(c, 428, 'precondition-required', 'Precondition required', 'Send If-Match with the ETag of the customer you edited.');
    }
    const body = await readJson(c);
    if ('response' in body) return body.response;
    const parsed = v.safeParse(customerPatchSchema, body.value);
    if (!parsed.success) return invalid(c, 'The changes are not valid.', fieldErrors(parsed.issues));
    const { tenant } = c.get('caller');
    const result = await db.transaction(async (tx) => {
      const current = await findCustomer(tx, tenant, id);
      if (!current) return undefined;
      if (!matchesEtag(ifMatch, etagOf(id, current.version))) return { stale: current };
      const outcome = await updateCustomer(tx, tenant, id, current.version, parsed.output, new Date());
      if (outcome && 'updated' in outcome) {
        await recordEvent(tx, { tenant, type: 'customer.updated', resourceId: id, customerId: id });
      }
      return outcome;
    });
    if (!result) return notFound(c, id);
    if ('stale' in result) {
      return problem(
        c,
        412,
        'stale',
        'Precondition failed',
        'The customer changed since it was read; `current` is the stored version.',
        { ETag: etagOf(id, result.stale.version) },
        { current: result.stale.customer },
      );
    }
    c.header('ETag', etagOf(id, result.updated.version));
    return c.json(result.updated.customer);
  });

  app.get('/v1/customers/:id/orders', read, async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) return badId(c);
    const query = listQuery(c);
    if (query instanceof Response) return query;
    const status = c.req.query('status');
    if (status !== undefined && !orderStatuses.includes(status as OrderStatus)) {
      return invalid(c, 'Unknown order status.', [{ pointer: '/query/status', detail: `Expected one of: ${orderStatuses.join(', ')}.` }]);
    }
    const { tenant } = c.get('caller');
    const page = await listOrdersJson(db, tenant, id, { ...query, ...(status ? { status: status as OrderStatus } : {}) });
    // Rows prove the customer is the tenant's (orders reference it); only an empty page needs the check.
    if (page.empty && !(await customerExists(db, tenant, id))) return notFound(c, id);
    return c.body(page.json, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/v1/customers/:id/contacts', read, async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) return badId(c);
    const query = listQuery(c);
    if (query instanceof Response) return query;
    const { tenant } = c.get('caller');
    const page = await listContacts(db, tenant, id, query);
    if (page.data.length === 0 && !(await customerExists(db, tenant, id))) return notFound(c, id);
    return c.json(page);
  });

  app.post('/v1/customers/:id/contacts', write, async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) return badId(c);
    const key = c.req.header('Idempotency-Key');
    if (!key || key.length < 8 || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      return problem(c, 400, 'idempotency-key-required', 'Idempotency-Key required',
        'Send an Idempotency-Key header (8–200 visible ASCII characters) that is unique per user action.');
    }
    const body = await readJson(c);
    if ('response' in body) return body.response;
    const parsed = v.safeParse(newContactSchema, body.value);
    if (!parsed.success) return invalid(c, 'The entry is not valid.', fieldErrors(parsed.issues));
    const { tenant, userId } = c.get('caller');
    const input = parsed.output;
    let missing = false;
    const outcome = await runIdempotent(
      db,
      { tenant, userId, key, requestHash: fingerprint(`POST /v1/customers/${id}/contacts`, body.value) },
      async (tx) => {
        if (!(await findCustomer(tx, tenant, id))) {
          missing = true;
          throw new Error('no such customer');
        }
        const now = new Date().toISOString();
        const entry: ContactEntry = {
          id: `ct_${randomUUID()}`,
          customerId: id,
          channel: input.channel,
          direction: input.direction ?? null,
          body: input.body,
          author: { id: userId, name: (await findUserName(tx, tenant, userId)) ?? userId },
          occurredAt: input.occurredAt ? new Date(input.occurredAt).toISOString() : now,
          createdAt: now,
        };
        if (input.subject) entry.subject = input.subject;
        const stored = await insertContact(tx, tenant, entry);
        await recordEvent(tx, { tenant, type: 'contact.created', resourceId: stored.id, customerId: id });
        return { status: 201, body: stored };
      },
    ).catch((error: unknown) => {
      if (missing) return undefined;
      throw error;
    });
    if (!outcome) return notFound(c, id);
    if ('conflict' in outcome) {
      return problem(c, 422, 'idempotency-key-reused', 'Idempotency-Key reused',
        'This Idempotency-Key was already used with a different request.');
    }
    const entry = outcome.body as ContactEntry;
    c.header('Location', `/v1/customers/${id}/contacts/${entry.id}`);
    if (outcome.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(entry, 201);
  });

  app.get('/v1/customers/:id/insights', read, async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) return badId(c);
    // Stored answers (computed after seeding and after changes, off the request path); a customer
    // the last run did not see gets the stored models applied, never a training run.
    const insights = await readInsights(db, c.get('caller').tenant, id);
    if (!insights) return notFound(c, id);
    const body = JSON.stringify(insights);
    const etag = `"ins-${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    // Revalidated on every use: a recomputation can change the answer at any time after a write.
    c.header('Cache-Control', 'private, no-cache');
    c.header('ETag', etag);
    if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/v1/events', read, async (c) => {
    const { tenant } = c.get('caller');
    const lastEventIdText = c.req.header('Last-Event-ID');
    const lastEventId = lastEventIdText && /^\d{1,15}$/.test(lastEventIdText) ? Number(lastEventIdText) : undefined;
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let lastSent = lastEventId ?? 0;
      let chain = Promise.resolve();
      // Writes go one after another, in event order, skipping anything already sent.
      const send = (event: CrmEvent) => {
        chain = chain.then(async () => {
          if (event.id <= lastSent || stream.aborted || stream.closed) return;
          lastSent = event.id;
          await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify({ id: event.resourceId, customerId: event.customerId }) });
        });
        return chain;
      };
      const buffered: CrmEvent[] = [];
      let replaying = true;
      const unsubscribe = hub.subscribe(tenant, (event) => (replaying ? buffered.push(event) : void send(event)));
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const untrack = hub.track(() => finish());
      stream.onAbort(() => finish());
      const heartbeat = setInterval(() => {
        chain = chain.then(() => stream.write(': heartbeat\n\n')).then(() => undefined);
      }, heartbeatMs);
      try {
        await stream.write('retry: 3000\n\n');
        if (lastEventId !== undefined) {
          for (const event of await eventsAfter(db, tenant, lastEventId)) await send(event);
        } else {
          await stream.write(': connected\n\n');
        }
        replaying = false;
        for (const event of buffered.splice(0)) await send(event);
        await finished;
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
        untrack();
      }
    });
  });

  app.all('/v1/*', (c) => problem(c, 404, 'not-found', 'Not found', 'No such route.'));

  if (staticRoot) {
    app.use('*', async (c, next) => {
      await next();
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Referrer-Policy', 'no-referrer');
    });
    // Demo pages get a fresh nonce per response, in the policy and in the page's csp-nonce meta.
    const page = (file: string) => async (c: Context) => {
      const nonce = randomBytes(16).toString('base64');
      const html = await readFile(join(staticRoot, 'demo', file), 'utf8').catch(() => undefined);
      if (html === undefined) return problem(c, 404, 'not-found', 'Not found', 'No such page.');
      c.header('Content-Security-Policy', demoContentSecurityPolicy(nonce));
      c.header('Cache-Control', 'no-store');
      return c.html(html.replaceAll('{{CSP_NONCE}}', nonce));
    };
    app.get('/', page('index.html'));
    app.get('/demo/:file{[a-z-]+\\.html}', (c) => page(c.req.param('file'))(c));
    // The demo's own files only: never the server's source, migrations or anything outside demo/.
    app.use('/demo/server/*', async (c) => problem(c, 404, 'not-found', 'Not found', 'No such page.'));
    app.use('/demo/*', serveStatic({ root: staticRoot }));
    app.use('/dist/*', serveStatic({ root: staticRoot }));
  }

  app.notFound((c) => problem(c, 404, 'not-found', 'Not found', 'No such page.'));
  app.onError((error, c) => {
    // Logged without headers (tokens) or bodies; answered without internals.
    console.error('request failed:', c.req.method, new URL(c.req.url).pathname, error instanceof Error ? error.stack : error);
    return problem(c, 500, 'internal', 'Internal server error', 'The server could not answer this request.');
  });
  return app;
}
