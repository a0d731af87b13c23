import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from '../auth.js';
import type { Db } from '../db.js';

/** What every resource's routes are built from. */
export interface RouteDeps {
  db: Db;
  /** The one auth middleware (token, tenant, rate limit, scope) for reading routes… */
  read: MiddlewareHandler<AuthEnv>;
  /** …and for writing ones. */
  write: MiddlewareHandler<AuthEnv>;
}
