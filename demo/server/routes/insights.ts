import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { AuthEnv } from '../auth.js';
import { matchesEtag } from '../etag.js';
import { readInsights } from '../insights/compute.js';
import { idParamSchema, invalidId, validate } from '../validation.js';
import type { RouteDeps } from './deps.js';
import { customerNotFound } from './not-found.js';

/** `/v1/customers/{id}/insights`: segment, next order and churn risk, as last computed. */
export function insightRoutes({ db, read }: RouteDeps) {
  const app = new Hono<AuthEnv>();

  app.get('/:id/insights', read, validate('param', idParamSchema, invalidId), async (c) => {
    const { id } = c.req.valid('param');
    // Stored answers (computed after seeding and after changes, off the request path); a customer
    // the last run did not see gets the stored models applied, never a training run.
    const insights = await readInsights(db, c.get('caller').tenant, id);
    if (!insights) return customerNotFound(c, id);
    const body = JSON.stringify(insights);
    const etag = `"ins-${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    // Revalidated on every use: a recomputation can change the answer at any time after a write.
    c.header('Cache-Control', 'private, no-cache');
    c.header('ETag', etag);
    if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  return app;
}
