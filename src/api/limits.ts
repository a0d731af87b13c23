/**
 * The v1 API's input limits, defined once: the reference API validates with them, the card's edit
 * form checks them before sending, and a test holds `docs/openapi.yaml` to them. Plain data, no
 * side effects. Lengths count Unicode code points, as JSON Schema's `minLength` / `maxLength` do
 * (`[...text].length`, not JavaScript's `length`, which counts an emoji as two), after trimming
 * where the server trims.
 */

/** Phone numbers: an optional `+`, then 3–40 digits, spaces, brackets, `-` or `.`. */
export const phonePattern = /^\+?[0-9 ()\-.]{3,40}$/;

/** The fields of a customer `PATCH` and of a new contact entry (`POST …/contacts`). */
export const fieldLimits = {
  customer: {
    name: { minLength: 1, maxLength: 200 },
    email: { maxLength: 254 },
    // What `phonePattern` allows: the `+` and 40 more characters.
    phone: { maxLength: 41, pattern: phonePattern },
    tags: { maxItems: 20 },
    tag: { minLength: 1, maxLength: 40 },
  },
  contact: {
    subject: { maxLength: 200 },
    body: { minLength: 1, maxLength: 10_000 },
  },
} as const;

/** Limits on the rest of a request: ids, paging, search, idempotency keys, demo tokens. */
export const requestLimits = {
  /** Customer and user ids. */
  id: { pattern: /^[A-Za-z0-9_-]{1,64}$/ },
  /** `limit` of a page. */
  pageSize: { minimum: 1, maximum: 100, default: 20 },
  /** `q` of the customer search. */
  search: { maxLength: 200 },
  /** The `Idempotency-Key` header: visible ASCII. */
  idempotencyKey: { minLength: 8, maxLength: 200, pattern: /^[\x21-\x7e]+$/ },
  /** `ttlSeconds` of a demo token. */
  demoTokenTtl: { minimum: 1, maximum: 86_400, default: 900 },
} as const;
