import { Hono, type Context } from 'hono';
import type { AuthEnv } from '../auth.js';
import {
  findCustomer,
  listCustomers,
  patchCustomer,
  patchCustomerOnce,
  type Customer,
  type PatchRefusal,
} from '../customers.js';
import { customerEtag, matchesEtag } from '../etag.js';
import { fingerprint } from '../idempotency.js';
import { problem } from '../problem.js';
import {
  customerPatchSchema,
  idParamSchema,
  ifMatchHeaderSchema,
  invalidBody,
  invalidId,
  invalidIdempotencyKey,
  invalidQuery,
  optionalIdempotencyKeyHeaderSchema,
  pageQuerySchema,
  searchQuerySchema,
  validate,
} from '../validation.js';
import type { RouteDeps } from './deps.js';
import { idempotencyKeyReused, setAnswerHeaders } from './idempotency.js';
import { customerNotFound } from './not-found.js';

/** The answer to a PATCH that changed nothing: 404, or 412 with the stored customer and its ETag. */
function patchRefused(c: Context, id: string, outcome: PatchRefusal) {
  if (!outcome) return customerNotFound(c, id);
  const { customer, version } = outcome.stale;
  return problem(
    c,
    412,
    'stale',
    'Precondition failed',
    'The customer changed since it was read; `current` is the stored version.',
    { ETag: customerEtag(id, version) },
    { current: customer },
  );
}

/**
 * `/v1/customers`: search and pages, one customer (`ETag`, `If-None-Match`), `PATCH` with `If-Match`
 * and an optional `Idempotency-Key`.
 */
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
    const etag = customerEtag(found.customer.id, found.version);
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
    validate('header', optionalIdempotencyKeyHeaderSchema, invalidIdempotencyKey),
    validate('json', customerPatchSchema, invalidBody('The changes are not valid.')),
    async (c) => {
      const { id } = c.req.valid('param');
      const { 'if-match': ifMatch, 'idempotency-key': key } = c.req.valid('header');
      const { tenant, userId } = c.get('caller');
      const patch = c.req.valid('json');
      const edited = (version: number) => matchesEtag(ifMatch, customerEtag(id, version));
      if (key === undefined) {
        const result = await patchCustomer(db, tenant, id, patch, edited);
        if (result && 'updated' in result) {
          c.header('ETag', customerEtag(id, result.updated.version));
          return c.json(result.updated.customer);
        }
        return patchRefused(c, id, result);
      }
      // The fingerprint holds If-Match and the body as sent (before trimming), as contact keys do.
      const requestHash = fingerprint(`PATCH /v1/customers/${id}`, { ifMatch, body: await c.req.json() });
      const outcome = await patchCustomerOnce(db, { tenant, userId, key, requestHash }, id, patch, edited);
      if ('declined' in outcome) return patchRefused(c, id, outcome.declined);
      if ('conflict' in outcome) return idempotencyKeyReused(c);
      setAnswerHeaders(c, outcome);
      return c.json(outcome.body as Customer);
    },
  );

  return app;
}
