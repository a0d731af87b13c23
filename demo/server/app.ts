/**
 * The reference CRM API as one Hono app, composed from a route module per resource
 * (`routes/*.ts`, Hono's guide for larger applications): shared middleware for every `/v1`
 * answer, the routes, and one error handler. Request flow and how to add a route:
 * demo/server/README.md.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requireScope, type AuthEnv, type TokenSigner } from './auth.js';
import { limitBody } from './body-limit.js';
import { compressAnswers } from './compress.js';
import type { Db } from './db.js';
import type { EventHub } from './events.js';
import { problem } from './problem.js';
import type { RateLimiter } from './rate-limit.js';
import { demoTokenRoutes } from './routes/auth.js';
import { contactRoutes } from './routes/contacts.js';
import { customerRoutes } from './routes/customers.js';
import type { RouteDeps } from './routes/deps.js';
import { demoPageRoutes } from './routes/demo-pages.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { insightRoutes } from './routes/insights.js';
import { unmatchedApiRequest } from './routes/not-found.js';
import { orderRoutes } from './routes/orders.js';

export { demoContentSecurityPolicy } from './routes/demo-pages.js';

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

const maxBodyBytes = 64 * 1024;
/** How much of a refused body is read (and dropped) to keep its connection open; more closes it. */
const drainBodyBytes = 8 * 1024 * 1024;

/** CORS, `no-store` and `nosniff` on every `/v1` answer, and the 64 KiB body cap. */
function apiMiddleware(app: Hono<AuthEnv>, allowedOrigins: string[]) {
  app.use(
    '/v1/*',
    cors({
      origin: (origin) => (allowedOrigins.includes('*') || allowedOrigins.includes(origin) ? origin : null),
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'If-None-Match',
        'Idempotency-Key',
        'Accept-Language',
        'Last-Event-ID',
      ],
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
  app.use('/v1/*', limitBody({ maxBytes: maxBodyBytes, drainBytes: drainBodyBytes }));
}

export function createApp(options: AppOptions) {
  const { db, signer, hub, demo, staticRoot, allowedOrigins = [], limiter, heartbeatMs = 15_000, openapi } = options;
  const app = new Hono<AuthEnv>();
  // Token, tenant, rate limit and scope: checked by this one middleware on every data route.
  const deps: RouteDeps = {
    db,
    read: requireScope(signer, 'crm:read', limiter),
    write: requireScope(signer, 'crm:write', limiter),
  };

  app.use('*', compressAnswers());
  apiMiddleware(app, allowedOrigins);
  if (openapi) app.get('/v1/openapi.json', (c) => c.json(openapi as object));
  if (demo) app.route('/v1/auth', demoTokenRoutes(signer));
  app.route('/v1/customers', customerRoutes(deps));
  app.route('/v1/customers', orderRoutes(deps));
  app.route('/v1/customers', contactRoutes(deps));
  app.route('/v1/customers', insightRoutes(deps));
  app.route('/v1/events', eventRoutes(deps, { hub, heartbeatMs }));
  app.all('/v1/*', (c) => unmatchedApiRequest(c, app.routes));
  app.route('/', healthRoutes(db));
  if (staticRoot) app.route('/', demoPageRoutes(staticRoot));

  app.notFound((c) => problem(c, 404, 'not-found', 'Not found', 'No such page.'));
  app.onError((error, c) => {
    // Logged without headers (tokens) or bodies; answered without internals.
    console.error(
      'request failed:',
      c.req.method,
      new URL(c.req.url).pathname,
      error instanceof Error ? error.stack : error,
    );
    return problem(c, 500, 'internal', 'Internal server error', 'The server could not answer this request.');
  });
  return app;
}
