import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { serveStatic } from '@hono/node-server/serve-static';
import { allScopes, requireScope, type AuthEnv, type Scope, type TokenSigner } from './auth.js';
import { findCustomer } from './customers.js';
import type { Db } from './db.js';
import { problem } from './problem.js';

export interface AppOptions {
  db: Db;
  signer: TokenSigner;
  /** Demo mode: enables `POST /v1/auth/demo-token`. */
  demo: boolean;
  /** Serve the demo pages and bundles from this directory (the repository root). */
  staticRoot?: string;
  /** Origins allowed to call the API from a browser; `*` by default (tokens travel in a header, never cookies). */
  corsOrigins?: string[];
}

const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The policy the demo pages are served under: the strict one the SDK promises to render under
 * (no inline script or style, Trusted Types limited to Lit's policy and the SDK's own). The style
 * nonce is only for browsers without constructable stylesheets (Safari < 16.4), where Lit falls
 * back to `<style>` elements; the page publishes it in `<meta property="csp-nonce">`.
 */
export const demoContentSecurityPolicy = (nonce: string) => [
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

/** `If-None-Match` holds the entity tag (weak comparison, lists and `*` allowed). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => strip(tag) === strip(etag));
}

export function createApp({ db, signer, demo, staticRoot, corsOrigins = ['*'] }: AppOptions) {
  const app = new Hono<AuthEnv>();

  app.use(
    '/v1/*',
    cors({
      origin: corsOrigins.includes('*') ? '*' : corsOrigins,
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'Accept-Language', 'Last-Event-ID'],
      allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
      exposeHeaders: ['ETag', 'Retry-After', 'Idempotent-Replayed', 'WWW-Authenticate'],
      maxAge: 600,
    }),
  );

  app.use('/v1/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });

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

  app.get('/v1/customers/:id', requireScope(signer, 'crm:read'), async (c) => {
    const id = c.req.param('id');
    if (!idPattern.test(id)) {
      return problem(c, 400, 'invalid-id', 'Invalid customer id', 'A customer id is 1–64 letters, digits, "_" or "-".');
    }
    const found = await findCustomer(db, c.get('caller').tenant, id);
    if (!found) return problem(c, 404, 'not-found', 'Not found', `No customer ${id}.`);
    const etag = `"${found.customer.id}.v${found.version}"`;
    if (matchesEtag(c.req.header('If-None-Match'), etag)) {
      return c.body(null, 304, { ETag: etag });
    }
    c.header('ETag', etag);
    return c.json(found.customer);
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
      const html = await readFile(join(staticRoot, 'demo', file), 'utf8');
      c.header('Content-Security-Policy', demoContentSecurityPolicy(nonce));
      c.header('Cache-Control', 'no-store');
      return c.html(html.replaceAll('{{CSP_NONCE}}', nonce));
    };
    app.get('/', page('index.html'));
    app.get('/demo/:file{[a-z-]+\\.html}', (c) => page(c.req.param('file'))(c));
    app.use('/demo/*', serveStatic({ root: staticRoot }));
    app.use('/dist/*', serveStatic({ root: staticRoot }));
  }

  app.notFound((c) => problem(c, 404, 'not-found', 'Not found', 'No such page.'));
  app.onError((error, c) => {
    console.error('request failed:', c.req.method, new URL(c.req.url).pathname, error);
    return problem(c, 500, 'internal', 'Internal server error', 'The server could not answer this request.');
  });
  return app;
}
