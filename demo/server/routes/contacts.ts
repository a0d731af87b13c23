import { Hono } from 'hono';
import type { AuthEnv } from '../auth.js';
import { addContact, listContacts, type ContactEntry } from '../contacts.js';
import { customerExists } from '../customers.js';
import { fingerprint } from '../idempotency.js';
import {
  idempotencyKeyHeaderSchema,
  idParamSchema,
  invalidIdempotencyKey,
  invalidBody,
  invalidId,
  invalidQuery,
  newContactSchema,
  pageQuerySchema,
  validate,
} from '../validation.js';
import type { RouteDeps } from './deps.js';
import { idempotencyKeyReused, setAnswerHeaders } from './idempotency.js';
import { customerNotFound } from './not-found.js';

/** `/v1/customers/{id}/contacts`: a customer's contact log, and `POST` with `Idempotency-Key`. */
export function contactRoutes({ db, read, write }: RouteDeps) {
  const app = new Hono<AuthEnv>();
  const validId = validate('param', idParamSchema, invalidId);

  app.get(
    '/:id/contacts',
    read,
    validId,
    validate('query', pageQuerySchema, invalidQuery('The query string has invalid parameters.')),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const { tenant } = c.get('caller');
      const page = await listContacts(db, tenant, id, { limit, after: cursor });
      if (page.data.length === 0 && !(await customerExists(db, tenant, id))) return customerNotFound(c, id);
      return c.json(page);
    },
  );

  app.post(
    '/:id/contacts',
    write,
    validId,
    validate('header', idempotencyKeyHeaderSchema, invalidIdempotencyKey),
    validate('json', newContactSchema, invalidBody('The entry is not valid.')),
    async (c) => {
      const { id } = c.req.valid('param');
      const key = c.req.valid('header')['idempotency-key'];
      const { tenant, userId } = c.get('caller');
      // The fingerprint is of the body as sent (before trimming and defaults), as stored keys were made.
      const requestHash = fingerprint(`POST /v1/customers/${id}/contacts`, await c.req.json());
      const outcome = await addContact(db, { tenant, userId, customerId: id, key, requestHash }, c.req.valid('json'));
      if (!outcome) return customerNotFound(c, id);
      if ('conflict' in outcome) return idempotencyKeyReused(c);
      const entry = outcome.body as ContactEntry;
      c.header('Location', `/v1/customers/${id}/contacts/${entry.id}`);
      setAnswerHeaders(c, outcome);
      return c.json(entry, 201);
    },
  );

  return app;
}
