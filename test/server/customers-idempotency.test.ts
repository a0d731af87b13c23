// PATCH /v1/customers/{id} with an Idempotency-Key (#13): an offline edit sent again after its
// answer was lost is answered from the first answer and applied once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../demo/server/db.js';
import { engines, json, startTestApi, type TestApi } from './harness.js';
import { assertMatchesContract } from './openapi.js';

interface Customer {
  id: string;
  name: string;
  tags: string[];
  updatedAt: string;
}

for (const engine of engines) {
  describe(`PATCH /v1/customers/{id} with an Idempotency-Key on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(engine);
    });
    after(() => api.close());

    const patch = (id: string, body: unknown, headers: Record<string, string>, token?: string) =>
      api.call(`/v1/customers/${id}`, { method: 'PATCH', ...json(body, headers), ...(token ? { token } : {}) });
    const read = async (id: string) => {
      const response = await api.call(`/v1/customers/${id}`);
      return { etag: response.headers.get('ETag')!, customer: (await response.json()) as Customer };
    };
    /** The `customer.updated` events of a customer: one per edit applied. */
    const updates = async (id: string) =>
      (
        await api.db.query(
          "SELECT id FROM events WHERE tenant_id = 'demo' AND type = 'customer.updated' AND customer_id = $1",
          [id],
        )
      ).rows.length;
    const storedKeys = async (...keys: string[]) =>
      (await api.db.query('SELECT key FROM idempotency_keys WHERE key = ANY($1)', [keys])).rows.length;

    it('applies the first PATCH and replays it from its stored answer: same status, ETag and body', async () => {
      const { etag } = await read('c_1010');
      const body = { name: '  Lin Wei ', tags: ['offline'] };
      const first = await patch('c_1010', body, { 'If-Match': etag, 'Idempotency-Key': 'patch-replay-0001' });
      assert.equal(first.status, 200);
      await assertMatchesContract('PATCH', '/v1/customers/{id}', first);
      assert.equal(first.headers.get('Idempotent-Replayed'), null);
      const applied = (await first.json()) as Customer;
      assert.equal(applied.name, 'Lin Wei');
      const appliedEtag = first.headers.get('ETag')!;
      assert.notEqual(appliedEtag, etag);

      const replay = await patch('c_1010', body, { 'If-Match': etag, 'Idempotency-Key': 'patch-replay-0001' });
      assert.equal(replay.status, 200);
      await assertMatchesContract('PATCH', '/v1/customers/{id}', replay);
      assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(replay.headers.get('ETag'), appliedEtag);
      assert.deepEqual(await replay.json(), applied);

      const now = await read('c_1010');
      assert.equal(now.etag, appliedEtag, 'the version did not move again');
      assert.equal(now.customer.updatedAt, applied.updatedAt);
      assert.equal(await updates('c_1010'), 1);
    });

    it('replays the first answer after someone else changed the customer: no 412, nothing overwritten', async () => {
      const { etag } = await read('c_1011');
      const mine = { name: 'Mine' };
      const first = await patch('c_1011', mine, { 'If-Match': etag, 'Idempotency-Key': 'patch-later-0001' });
      assert.equal(first.status, 200);
      const applied = (await first.json()) as Customer;
      const theirs = await patch('c_1011', { name: 'Theirs' }, { 'If-Match': first.headers.get('ETag')! });
      assert.equal(theirs.status, 200);

      const replay = await patch('c_1011', mine, { 'If-Match': etag, 'Idempotency-Key': 'patch-later-0001' });
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(replay.headers.get('ETag'), first.headers.get('ETag'));
      assert.deepEqual(await replay.json(), applied);

      const now = await read('c_1011');
      assert.equal(now.customer.name, 'Theirs');
      assert.equal(now.etag, theirs.headers.get('ETag'));
      assert.equal(await updates('c_1011'), 2);
    });

    it('answers 422 to the key with another body, customer or If-Match, and applies none of them', async () => {
      const { etag } = await read('c_1012');
      const key = { 'Idempotency-Key': 'patch-reused-0001' };
      const first = await patch('c_1012', { name: 'First', tags: ['a'] }, { 'If-Match': etag, ...key });
      assert.equal(first.status, 200);
      const fresh = first.headers.get('ETag')!;
      // Key order aside, the same body is the same request.
      const reordered = await patch('c_1012', { tags: ['a'], name: 'First' }, { 'If-Match': etag, ...key });
      assert.equal(reordered.headers.get('Idempotent-Replayed'), 'true');

      const other = await read('c_1013');
      for (const [id, body, ifMatch] of [
        ['c_1012', { name: 'Second', tags: ['a'] }, fresh],
        ['c_1012', { name: 'First', tags: ['a'] }, fresh],
        ['c_1012', { name: 'First', tags: ['a'] }, '*'],
        ['c_1013', { name: 'First', tags: ['a'] }, other.etag],
      ] as const) {
        const response = await patch(id, body, { 'If-Match': ifMatch, ...key });
        assert.equal(response.status, 422, `${id} ${JSON.stringify(body)} ${ifMatch}`);
        await assertMatchesContract('PATCH', '/v1/customers/{id}', response);
        assert.equal(
          ((await response.json()) as { type: string }).type,
          'https://crm-widgets.dev/problems/idempotency-key-reused',
        );
      }
      assert.equal((await read('c_1012')).etag, fresh);
      assert.deepEqual(await read('c_1013'), other);

      const contactKey = { 'Idempotency-Key': 'contact-then-patch-0001' };
      const entry = await api.call('/v1/customers/c_1013/contacts', {
        method: 'POST',
        ...json({ channel: 'note', body: 'x' }, contactKey),
      });
      assert.equal(entry.status, 201);
      const patched = await patch('c_1013', { name: 'x' }, { 'If-Match': other.etag, ...contactKey });
      assert.equal(patched.status, 422, "a contact entry's key is not an edit's");
    });

    it("keeps keys per tenant and user: another user's or tenant's same key is a request of its own", async () => {
      const { etag } = await read('c_1014');
      const body = { name: 'Scoped' };
      const headers = { 'If-Match': etag, 'Idempotency-Key': 'patch-scoped-0001' };
      assert.equal((await patch('c_1014', body, headers)).status, 200);

      const colleague = await api.token('demo', 'crm:read crm:write', 'u_2');
      const theirs = await patch('c_1014', body, headers, colleague);
      assert.equal(theirs.status, 412, 'the same request by another user is answered afresh');
      assert.equal(theirs.headers.get('Idempotent-Replayed'), null);

      const acme = await api.token('acme');
      const foreign = await patch('c_1014', body, headers, acme);
      assert.equal(foreign.status, 404, "another tenant is never answered with this tenant's record");
      const acmeRead = await api.call('/v1/customers/c_500001', { token: acme });
      const own = await patch(
        'c_500001',
        body,
        { 'If-Match': acmeRead.headers.get('ETag')!, 'Idempotency-Key': 'patch-scoped-0001' },
        acme,
      );
      assert.equal(own.status, 200);
      assert.equal(own.headers.get('Idempotent-Replayed'), null);
      assert.equal(((await own.json()) as Customer).id, 'c_500001');
    });

    it('applies 12 concurrent PATCHes with one key once; without a key only one of them applies', async () => {
      const { etag } = await read('c_1015');
      const send = (name: string, key?: string) =>
        Promise.all(
          Array.from({ length: 12 }, () =>
            patch('c_1015', { name }, { 'If-Match': etag, ...(key ? { 'Idempotency-Key': key } : {}) }),
          ),
        );
      const keyed = await send('Once', 'patch-concurrent-0001');
      assert.deepEqual(
        keyed.map((r) => r.status),
        Array(12).fill(200),
      );
      assert.equal(keyed.filter((r) => r.headers.get('Idempotent-Replayed') === 'true').length, 11);
      assert.equal(new Set(keyed.map((r) => r.headers.get('ETag'))).size, 1);
      const bodies = await Promise.all(keyed.map(async (r) => (await r.json()) as Customer));
      for (const body of bodies) assert.deepEqual(body, bodies[0]);
      assert.equal(await updates('c_1015'), 1);

      const { etag: now } = await read('c_1015');
      const plain = await Promise.all(
        Array.from({ length: 12 }, () => patch('c_1015', { name: 'Twice' }, { 'If-Match': now })),
      );
      assert.deepEqual(plain.map((r) => r.status).sort(), [200, ...Array(11).fill(412)]);
      assert.equal(await updates('c_1015'), 2);
    });

    it('stores nothing for a refused PATCH: after a 412, 404 or 400 the key is still free', async () => {
      const { etag: stale } = await read('c_1016');
      const first = await patch('c_1016', { name: 'Moved on' }, { 'If-Match': stale });
      const key = { 'Idempotency-Key': 'patch-refused-0001' };
      const refused = await patch('c_1016', { name: 'Late' }, { 'If-Match': stale, ...key });
      assert.equal(refused.status, 412);
      assert.equal(((await refused.json()) as { current: Customer }).current.name, 'Moved on');
      const again = await patch('c_1016', { name: 'Late' }, { 'If-Match': stale, ...key });
      assert.equal(again.status, 412, 'sent again, a stale edit is still refused, not replayed');

      const missing = await patch(
        'c_999999',
        { name: 'x' },
        { 'If-Match': '*', 'Idempotency-Key': 'patch-missing-0001' },
      );
      assert.equal(missing.status, 404);
      const invalid = await patch(
        'c_1016',
        { email: 'no' },
        { 'If-Match': '*', 'Idempotency-Key': 'patch-invalid-0001' },
      );
      assert.equal(invalid.status, 400);
      assert.equal(await storedKeys('patch-refused-0001', 'patch-missing-0001', 'patch-invalid-0001'), 0);

      const retried = await patch('c_1016', { name: 'Re-applied' }, { 'If-Match': first.headers.get('ETag')!, ...key });
      assert.equal(retried.status, 200);
      assert.equal(retried.headers.get('Idempotent-Replayed'), null);
      assert.equal((await read('c_1016')).customer.name, 'Re-applied');
    });

    it('refuses a malformed key (400) before changing anything', async () => {
      const before = await read('c_1017');
      for (const key of ['short', 'x'.repeat(201), 'has space inside', 'caf\u00e9-key-0001']) {
        const response = await patch(
          'c_1017',
          { name: 'Malformed' },
          { 'If-Match': before.etag, 'Idempotency-Key': key },
        );
        assert.equal(response.status, 400, key);
        await assertMatchesContract('PATCH', '/v1/customers/{id}', response);
        assert.equal(
          ((await response.json()) as { type: string }).type,
          'https://crm-widgets.dev/problems/idempotency-key-required',
        );
      }
      assert.deepEqual(await read('c_1017'), before);
    });

    it('without a key behaves as before: each PATCH is applied on its own, a repeat is a 412', async () => {
      const { etag } = await read('c_1018');
      const keysBefore = (await api.db.query('SELECT key FROM idempotency_keys')).rows.length;
      const first = await patch('c_1018', { name: 'Plain' }, { 'If-Match': etag });
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('Idempotent-Replayed'), null);
      const repeat = await patch('c_1018', { name: 'Plain' }, { 'If-Match': etag });
      assert.equal(repeat.status, 412);
      const star = await patch('c_1018', { name: 'Plain' }, { 'If-Match': '*' });
      assert.equal(star.status, 200);
      assert.notEqual(star.headers.get('ETag'), first.headers.get('ETag'), 'applied a second time');
      assert.equal(await updates('c_1018'), 2);
      assert.equal((await api.db.query('SELECT key FROM idempotency_keys')).rows.length, keysBefore);
    });
  });

  describe(`the idempotency_keys migration on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(engine);
    });
    after(() => api.close());

    it('adds the headers column to a database with stored keys, whose answers still replay', async () => {
      const post = () =>
        api.call('/v1/customers/c_1001/contacts', {
          method: 'POST',
          ...json({ channel: 'note', body: 'before the migration' }, { 'Idempotency-Key': 'migrated-key-0001' }),
        });
      const first = await post();
      assert.equal(first.status, 201);
      // The database as it was before 004: no headers column, the migration not recorded.
      await api.db.exec(
        `ALTER TABLE idempotency_keys DROP COLUMN headers;
         DELETE FROM schema_migrations WHERE name = '004_idempotency_headers.sql'`,
      );
      assert.deepEqual(await migrate(api.db), ['004_idempotency_headers.sql']);

      const replay = await post();
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(replay.headers.get('Location'), first.headers.get('Location'));
      assert.deepEqual(await replay.json(), await first.json());

      const etag = (await api.call('/v1/customers/c_1001')).headers.get('ETag')!;
      const headers = { 'If-Match': etag, 'Idempotency-Key': 'migrated-key-0002' };
      const edit = await api.call('/v1/customers/c_1001', { method: 'PATCH', ...json({ name: 'After' }, headers) });
      const again = await api.call('/v1/customers/c_1001', { method: 'PATCH', ...json({ name: 'After' }, headers) });
      assert.equal(edit.status, 200);
      assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(again.headers.get('ETag'), edit.headers.get('ETag'));
    });
  });
}
