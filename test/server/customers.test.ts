import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { engines, json, startTestApi, type TestApi } from './harness.js';
import { assertMatchesContract } from './openapi.js';

interface Customer {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  tags: string[];
  updatedAt: string;
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

for (const engine of engines) {
  describe(`customers on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(engine, { customers: 120 });
    });
    after(() => api.close());

    const getJson = async <T>(path: string, token?: string) => {
      const response = await api.call(path, token === undefined ? {} : { token });
      assert.equal(response.status, 200, `${path}: ${response.status}`);
      return (await response.json()) as T;
    };

    describe('GET /v1/customers/{id}', () => {
      it("answers the tenant's customer with an ETag, and 304 to a matching If-None-Match", async () => {
        const first = await api.call('/v1/customers/c_1042');
        assert.equal(first.status, 200);
        await assertMatchesContract('GET', '/v1/customers/{id}', first);
        const etag = first.headers.get('ETag')!;
        assert.match(etag, /^".+"$/);
        const second = await api.call('/v1/customers/c_1042', { headers: { 'If-None-Match': `W/${etag}` } });
        assert.equal(second.status, 304);
        await assertMatchesContract('GET', '/v1/customers/{id}', second);
      });

      it("answers another tenant's customer exactly like a missing one, on every route", async () => {
        const acme = await api.token('acme');
        for (const path of ['/v1/customers/c_1042', '/v1/customers/c_1042/orders', '/v1/customers/c_1042/contacts']) {
          const foreign = await api.call(path, { token: acme });
          const missing = await api.call(path.replace('c_1042', 'c_999999'), { token: acme });
          assert.equal(foreign.status, 404, path);
          assert.equal(missing.status, 404, path);
          const [a, b] = [
            (await foreign.json()) as Record<string, unknown>,
            (await missing.json()) as Record<string, unknown>,
          ];
          assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
          assert.equal(a.title, b.title);
        }
        const patch = await api.call('/v1/customers/c_1042', {
          token: acme,
          method: 'PATCH',
          ...json({ name: 'Taken over' }, { 'If-Match': '*' }),
        });
        assert.equal(patch.status, 404);
        const post = await api.call('/v1/customers/c_1042/contacts', {
          token: acme,
          method: 'POST',
          ...json({ channel: 'note', body: 'x' }, { 'Idempotency-Key': 'acme-key-0001' }),
        });
        assert.equal(post.status, 404);
        assert.equal((await getJson<Customer>('/v1/customers/c_1042')).name !== 'Taken over', true);
      });

      it('answers 400 to a malformed id', async () => {
        const response = await api.call(`/v1/customers/${encodeURIComponent("c_1'; DROP TABLE customers;--")}`);
        assert.equal(response.status, 400);
        await assertMatchesContract('GET', '/v1/customers/{id}', response);
      });
    });

    describe('GET /v1/customers', () => {
      it('pages newest first with a default limit of 20 and no page overlapping another', async () => {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const response = await api.call(`/v1/customers?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
          await assertMatchesContract('GET', '/v1/customers', response);
          const page = (await response.json()) as Page<Customer>;
          seen.push(...page.data.map((c) => c.id));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor);
        assert.equal(pages, 3);
        assert.equal(seen.length, 120);
        assert.equal(new Set(seen).size, 120);
        assert.equal((await getJson<Page<Customer>>('/v1/customers')).data.length, 20);
      });

      it('keeps pages consistent while customers are inserted: no duplicates, no gaps', async () => {
        const before = new Set<string>();
        let cursor: string | null = null;
        do {
          const page: Page<Customer> = await getJson(`/v1/customers?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
          page.data.forEach((c) => before.add(c.id));
          cursor = page.nextCursor;
        } while (cursor);
        const seen: string[] = [];
        cursor = null;
        let inserted = 0;
        do {
          const page: Page<Customer> = await getJson(`/v1/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...page.data.map((c) => c.id));
          cursor = page.nextCursor;
          // Someone adds a customer between every two pages.
          const now = new Date().toISOString();
          await api.db.query(
            `INSERT INTO customers (tenant_id, id, name, tags, created_at, updated_at) VALUES ('demo', $1, 'New', '{}', $2, $2)`,
            [`c_new_${inserted++}`, now],
          );
        } while (cursor);
        const old = seen.filter((id) => before.has(id));
        assert.equal(new Set(old).size, old.length, 'duplicates');
        assert.deepEqual(new Set(old), before, 'gaps');
      });

      it('searches name, company, email and phone, Chinese text included', async () => {
        const all = (await getJson<Page<Customer & { company?: string }>>('/v1/customers?limit=100')).data;
        const chinese = all.find((c) => /\p{Script=Han}/u.test(c.name))!;
        const byName = await getJson<Page<Customer>>(`/v1/customers?q=${encodeURIComponent(chinese.name.slice(1))}`);
        assert.ok(byName.data.some((c) => c.id === chinese.id));
        assert.ok(
          byName.data.every(
            (c) => c.name.includes(chinese.name.slice(1)) || JSON.stringify(c).includes(chinese.name.slice(1)),
          ),
        );
        const withEmail = all.find((c) => c.email)!;
        const byEmail = await getJson<Page<Customer>>(
          `/v1/customers?q=${encodeURIComponent(withEmail.email!.toUpperCase())}`,
        );
        assert.ok(byEmail.data.some((c) => c.id === withEmail.id));
        const wildcard = await getJson<Page<Customer>>(`/v1/customers?q=${encodeURIComponent('%_')}`);
        assert.equal(wildcard.data.length, 0, 'LIKE wildcards are matched literally');
      });

      it('answers 400 with a JSON pointer to a bad limit or cursor', async () => {
        for (const query of [
          'limit=0',
          'limit=101',
          'limit=abc',
          'cursor=not-a-cursor',
          `cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
        ]) {
          const response = await api.call(`/v1/customers?${query}`);
          assert.equal(response.status, 400, query);
          await assertMatchesContract('GET', '/v1/customers', response);
          const body = (await response.json()) as { errors: { pointer: string }[] };
          assert.match(body.errors[0]!.pointer, /^\/query\/(limit|cursor)$/);
        }
      });
    });

    describe('PATCH /v1/customers/{id}', () => {
      it('needs If-Match (428), refuses a stale one (412 with the current record), applies a fresh one', async () => {
        const read = await api.call('/v1/customers/c_1050');
        const etag = read.headers.get('ETag')!;
        const missing = await api.call('/v1/customers/c_1050', { method: 'PATCH', ...json({ name: 'A' }) });
        assert.equal(missing.status, 428);
        await assertMatchesContract('PATCH', '/v1/customers/{id}', missing);

        const ok = await api.call('/v1/customers/c_1050', {
          method: 'PATCH',
          ...json({ name: '  王小明 ', tags: ['vip'], email: null }, { 'If-Match': etag }),
        });
        assert.equal(ok.status, 200);
        await assertMatchesContract('PATCH', '/v1/customers/{id}', ok);
        const updated = (await ok.json()) as Customer;
        assert.equal(updated.name, '王小明');
        assert.deepEqual(updated.tags, ['vip']);
        assert.equal(updated.email, undefined);
        assert.notEqual(ok.headers.get('ETag'), etag);

        const stale = await api.call('/v1/customers/c_1050', {
          method: 'PATCH',
          ...json({ name: 'Lost update' }, { 'If-Match': etag }),
        });
        assert.equal(stale.status, 412);
        await assertMatchesContract('PATCH', '/v1/customers/{id}', stale);
        const body = (await stale.json()) as { current: Customer };
        assert.equal(body.current.name, '王小明');
        assert.equal((await getJson<Customer>('/v1/customers/c_1050')).name, '王小明');
      });

      it('rejects bad bodies with a clear answer and changes nothing', async () => {
        const read = await api.call('/v1/customers/c_1051');
        const etag = read.headers.get('ETag')!;
        const original = (await read.json()) as Customer;
        const cases: [RequestInit, number, string?][] = [
          [json({ name: 'x', role: 'admin' }, { 'If-Match': etag }), 400, '/role'],
          [json({ email: 'not-an-email' }, { 'If-Match': etag }), 400, '/email'],
          [json({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, { 'If-Match': etag }), 400, '/tags'],
          [json({}, { 'If-Match': etag }), 400],
          [{ headers: { 'Content-Type': 'application/json', 'If-Match': etag }, body: '{"name": ' }, 400],
          [{ headers: { 'Content-Type': 'text/plain', 'If-Match': etag }, body: '{"name":"x"}' }, 415],
          [json({ name: 'x'.repeat(70 * 1024) }, { 'If-Match': etag }), 413],
        ];
        for (const [init, status, pointer] of cases) {
          const response = await api.call('/v1/customers/c_1051', { method: 'PATCH', ...init });
          assert.equal(response.status, status, `${String(init.body).slice(0, 40)} → ${response.status}`);
          await assertMatchesContract('PATCH', '/v1/customers/{id}', response);
          const text = await response.text();
          assert.doesNotMatch(text, /at .*\.ts:\d+|SELECT|UPDATE/, 'no stack traces or SQL');
          if (pointer)
            assert.ok(
              (JSON.parse(text) as { errors: { pointer: string }[] }).errors.some((e) => e.pointer === pointer),
              text,
            );
        }
        assert.deepEqual(await getJson<Customer>('/v1/customers/c_1051'), original);
      });
    });
  });
}
