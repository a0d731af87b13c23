import { Hono } from 'hono';
import type { AuthEnv } from '../auth.js';
import { findCustomer, listCustomers, patchCustomer } from '../customers.js';
import { matchesEtag } from '../etag.js';
import { problem } from '../problem.js';
import {
  customerPatchSchema,
  idParamSchema,
  ifMatchHeaderSchema,
  invalidBody,
  invalidId,
  invalidQuery,
  pageQuerySchema,
  searchQuerySchema,
  validate,
} from '../validation.js';
import type { RouteDeps } from './deps.js';
import { customerNotFound } from './not-found.js';

const etagOf = (id: string, version: number) => `"${id}.v${version}"`;

/** `/v1/customers`: search and pages, one customer (`ETag`, `If-None-Match`), `PATCH` with `If-Match`. */
export function customerRoutes({ db, read, write }: RouteDeps) {
  const app = new Hono<AuthEnv>();
  const validId = validate('param', idParamSchema, invalidId);

  app.get(
    '/',
    read,
    validate('query', pageQuerySchema, invalidQuery('The query string has invalid parameters.')),
    validate('query', searchQuerySchema, invalidQuery('The search is too long.')),
    async (c) => {
      const { limit, cursor, q } = c.req.valid('query');
      return c.json(await listCustomers(db, c.get('caller').tenant, { limit, after: cursor, ...(q ? { q } : {}) }));
    },
  );

  app.get('/:id', read, validId, async (c) => {
    const { id } = c.req.valid('param');
    const found = await findCustomer(db, c.get('caller').tenant, id);
    if (!found) return customerNotFound(c, id);
    const etag = etagOf(found.customer.id, found.version);
    if (matchesEtag(c.req.header('If-None-Match'), etag)) return c.body(null, 304, { ETag: etag });
    c.header('ETag', etag);
    return c.json(found.customer);
  });

  app.patch(
    '/:id',
    write,
    validId,
    validate('header', ifMatchHeaderSchema, (c) =>
      problem(
        c,
        428,
        'precondition-required',
        'Precondition required',
        'Send If-Match with the ETag of the customer you edited.',
      ),
    ),
    validate('json', customerPatchSchema, invalidBody('The changes are not valid.')),
    async (c) => {
      const { id } = c.req.valid('param');
      const ifMatch = c.req.valid('header')['if-match'];
      const result = await patchCustomer(db, c.get('caller').tenant, id, c.req.valid('json'), (version) =>
        matchesEtag(ifMatch, etagOf(id, version)),
      );
      if (!result) return customerNotFound(c, id);
      if ('stale' in result) {
        const { customer, version } = result.stale;
        return problem(
          c,
          412,
          'stale',
          'Precondition failed',
          'The customer changed since it was read; `current` is the stored version.',
          { ETag: etagOf(id, version) },
          { current: customer },
        );
      }
      c.header('ETag', etagOf(id, result.updated.version));
      return c.json(result.updated.customer);
    },
  );

  return app;
}
