import { Hono } from 'hono';
import type { Db } from '../db.js';

/**
 * `GET /healthz`, outside the versioned API: 200 when this process can reach its database, 503
 * when it cannot. A load balancer's health check polls it (docs/scaling.md), so a process whose
 * database connections are gone leaves the rotation as surely as one that has died.
 */
export function healthRoutes(db: Db) {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await db.query('SELECT 1');
      return c.text('ok');
    } catch {
      return c.text('database unreachable', 503);
    }
  });

  return app;
}
