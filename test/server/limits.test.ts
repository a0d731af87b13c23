// src/api/limits.ts is the one definition of the API's input limits: the server validates with it,
// the card's edit form checks it, and docs/openapi.yaml must document the same numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { fieldLimits, phonePattern, requestLimits } from '../../src/api/limits.js';
import { customerPatchSchema, newContactSchema } from '../../demo/server/validation.js';
import { loadOpenApi } from './openapi.js';

type Json = Record<string, unknown>;
type Limits = Readonly<Record<string, number | RegExp>>;

/** The JSON Schema keywords that state a limit. */
const keywords = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'pattern'] as const;

/** Where each documented input schema is, and the limits it must state. */
const documented: [path: string, limits: Limits][] = [
  ['components.schemas.CustomerPatch.properties.name', fieldLimits.customer.name],
  ['components.schemas.CustomerPatch.properties.email', fieldLimits.customer.email],
  ['components.schemas.CustomerPatch.properties.phone', fieldLimits.customer.phone],
  ['components.schemas.CustomerPatch.properties.tags', fieldLimits.customer.tags],
  ['components.schemas.CustomerPatch.properties.tags.items', fieldLimits.customer.tag],
  ['components.schemas.NewContactEntry.properties.subject', fieldLimits.contact.subject],
  ['components.schemas.NewContactEntry.properties.body', fieldLimits.contact.body],
  ['components.schemas.DemoTokenRequest.properties.userId', requestLimits.id],
  ['components.schemas.DemoTokenRequest.properties.ttlSeconds', requestLimits.demoTokenTtl],
  ['components.parameters.CustomerId.schema', requestLimits.id],
  ['components.parameters.Limit.schema', requestLimits.pageSize],
  ['components.parameters.IdempotencyKey.schema', requestLimits.idempotencyKey],
  ['components.parameters.OptionalIdempotencyKey.schema', requestLimits.idempotencyKey],
  ['paths./v1/customers.get.parameters.0.schema', requestLimits.search],
];

/** The node at a dotted path (the document's route keys hold no dots). */
const at = (document: Json, path: string): Json => {
  let node: unknown = document;
  for (const key of path.split('.')) node = (node as Json | undefined)?.[key];
  assert.ok(node && typeof node === 'object', `docs/openapi.yaml has no ${path}`);
  return node as Json;
};

/** Every place in the request side of the document (input schemas and parameters) that states a limit. */
function limitedPlaces(document: Json): string[] {
  const places: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    if (keywords.some((keyword) => keyword in node)) places.push(path);
    for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`);
  };
  const schemas = (document.components as Json).schemas as Json;
  for (const name of ['CustomerPatch', 'NewContactEntry', 'DemoTokenRequest'])
    walk(schemas[name], `components.schemas.${name}`);
  walk((document.components as Json).parameters, 'components.parameters');
  for (const [route, operations] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(operations as Json)) {
      walk((operation as Json).parameters, `paths.${route}.${method}.parameters`);
    }
  }
  return places;
}

describe('API input limits (src/api/limits.ts)', () => {
  it('are the ones docs/openapi.yaml documents, keyword for keyword', async () => {
    const document = await loadOpenApi();
    for (const [path, limits] of documented) {
      const schema = at(document, path);
      for (const keyword of keywords) {
        const stated = schema[keyword];
        const defined = limits[keyword];
        const expected = defined instanceof RegExp ? defined.source : defined;
        assert.equal(
          stated,
          expected,
          `${path}.${keyword}: docs/openapi.yaml says ${String(stated)}, src/api/limits.ts ${String(expected)}`,
        );
      }
    }
  });

  it('cover every limit the document states on a request', async () => {
    const document = await loadOpenApi();
    const covered = new Set(documented.map(([path]) => path));
    const uncovered = limitedPlaces(document).filter((place) => !covered.has(place));
    assert.deepEqual(uncovered, [], 'limits documented in docs/openapi.yaml but not defined in src/api/limits.ts');
  });

  it("give the phone's maxLength as what its pattern allows", () => {
    const { maxLength } = fieldLimits.customer.phone;
    assert.ok(phonePattern.test(`+${'1'.repeat(maxLength - 1)}`));
    assert.ok(!phonePattern.test(`+${'1'.repeat(maxLength)}`));
    assert.ok(!phonePattern.test('1'.repeat(maxLength)));
  });

  it('are what the server enforces', () => {
    const accepts = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;
    const { customer, contact } = fieldLimits;
    assert.ok(accepts(customerPatchSchema, { name: 'x'.repeat(customer.name.maxLength) }));
    assert.ok(!accepts(customerPatchSchema, { name: 'x'.repeat(customer.name.maxLength + 1) }));
    const local = 'x'.repeat(customer.email.maxLength - '@example.com'.length);
    assert.ok(accepts(customerPatchSchema, { email: `${local}@example.com` }));
    assert.ok(!accepts(customerPatchSchema, { email: `${local}x@example.com` }));
    assert.ok(
      accepts(customerPatchSchema, { tags: Array.from({ length: customer.tags.maxItems }, (_, i) => `t${i}`) }),
    );
    assert.ok(
      !accepts(customerPatchSchema, { tags: Array.from({ length: customer.tags.maxItems + 1 }, (_, i) => `t${i}`) }),
    );
    assert.ok(accepts(customerPatchSchema, { tags: ['x'.repeat(customer.tag.maxLength)] }));
    assert.ok(!accepts(customerPatchSchema, { tags: ['x'.repeat(customer.tag.maxLength + 1)] }));
    assert.ok(!accepts(customerPatchSchema, { phone: `+${'1'.repeat(customer.phone.maxLength)}` }));
    const entry = {
      channel: 'note',
      body: 'x'.repeat(contact.body.maxLength),
      subject: 'x'.repeat(contact.subject.maxLength),
    };
    assert.ok(accepts(newContactSchema, entry));
    assert.ok(!accepts(newContactSchema, { ...entry, body: `${entry.body}x` }));
    assert.ok(!accepts(newContactSchema, { ...entry, subject: `${entry.subject}x` }));
  });
});
