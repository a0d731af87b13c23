import { Hono } from 'hono';
import type { AuthEnv } from '../auth.js';
import { customerExists } from '../customers.js';
import { listOrdersJson } from '../orders.js';
import {
  idParamSchema,
  invalidId,
  invalidQuery,
  orderStatusQuerySchema,
  pageQuerySchema,
  validate,
} from '../validation.js';
import type { RouteDeps } from './deps.js';
import { customerNotFound } from './not-found.js';

/** `/v1/customers/{id}/orders`: a customer's orders, newest first, optionally of one status. */
export function orderRoutes({ db, read }: RouteDeps) {
  const app = new Hono<AuthEnv>();

  app.get(
    '/:id/orders',
    read,
    validate('param', idParamSchema, invalidId),
    validate('query', pageQuerySchema, invalidQuery('The query string has invalid parameters.')),
    validate('query', orderStatusQuerySchema, invalidQuery('Unknown order status.')),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor, status } = c.req.valid('query');
      const { tenant } = c.get('caller');
      const page = await listOrdersJson(db, tenant, id, { limit, after: cursor, ...(status ? { status } : {}) });
      // Rows prove the customer is the tenant's (orders reference it); only an empty page needs the check.
      if (page.empty && !(await customerExists(db, tenant, id))) return customerNotFound(c, id);
      return c.body(page.json, 200, { 'Content-Type': 'application/json' });
    },
  );

  return app;
}
