import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { engines, json, startTestApi, type TestApi } from './harness.js';
import { assertMatchesContract } from './openapi.js';

interface Order {
  id: string;
  status: string;
  createdAt: string;
  total: { amount: number; currency: string };
  items: { quantity: number; unitPrice: { amount: number } }[];
}
interface Entry {
  id: string;
  channel: string;
  body: string;
  occurredAt: string;
  author: { id: string; name: string };
}
interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

async function allPages<T>(api: TestApi, path: string, limit: number): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response = await api.call(`${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(response.status, 200);
    const page = (await response.json()) as Page<T>;
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const newest = (a: { at: string; id: string }, b: { at: string; id: string }) =>
  a.at === b.at ? (a.id > b.id ? -1 : 1) : a.at > b.at ? -1 : 1;

for (const engine of engines) {
  describe(`orders and contacts on ${engine}`, () => {
    let api: TestApi;
    let busiest: string;
    before(async () => {
      api = await startTestApi(engine, { customers: 30 });
      const { rows } = await api.db.query<{ customer_id: string }>(
        "SELECT customer_id FROM orders WHERE tenant_id = 'demo' GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1",
      );
      busiest = rows[0]!.customer_id;
    });
    after(() => api.close());

    describe('GET /v1/customers/{id}/orders', () => {
      it('pages every order newest first, with totals that add up', async () => {
        const first = await api.call(`/v1/customers/${busiest}/orders?limit=5`);
        await assertMatchesContract('GET', '/v1/customers/{id}/orders', first);
        const orders = await allPages<Order>(api, `/v1/customers/${busiest}/orders`, 7);
        const { rows } = await api.db.query<{ n: string | number }>(
          "SELECT count(*) AS n FROM orders WHERE tenant_id = 'demo' AND customer_id = $1",
          [busiest],
        );
        assert.equal(orders.length, Number(rows[0]!.n));
        assert.equal(new Set(orders.map((o) => o.id)).size, orders.length);
        const keys = orders.map((o) => ({ at: o.createdAt, id: o.id }));
        assert.deepEqual(keys, [...keys].sort(newest));
        for (const order of orders) {
          assert.equal(
            order.total.amount,
            order.items.reduce((sum, item) => sum + item.quantity * item.unitPrice.amount, 0),
          );
        }
      });

      it('filters by status and rejects an unknown one', async () => {
        const delivered = await allPages<Order>(api, `/v1/customers/${busiest}/orders?status=delivered`, 100);
        assert.ok(delivered.length > 0);
        assert.ok(delivered.every((o) => o.status === 'delivered'));
        const bad = await api.call(`/v1/customers/${busiest}/orders?status=lost`);
        assert.equal(bad.status, 400);
        await assertMatchesContract('GET', '/v1/customers/{id}/orders', bad);
      });
    });

    describe('contacts', () => {
      it('lists the contact log newest first', async () => {
        const response = await api.call(`/v1/customers/${busiest}/contacts?limit=3`);
        await assertMatchesContract('GET', '/v1/customers/{id}/contacts', response);
        const entries = await allPages<Entry>(api, `/v1/customers/${busiest}/contacts`, 4);
        const keys = entries.map((e) => ({ at: e.occurredAt, id: e.id }));
        assert.deepEqual(keys, [...keys].sort(newest));
      });

      it('needs an Idempotency-Key', async () => {
        const response = await api.call('/v1/customers/c_1001/contacts', {
          method: 'POST',
          ...json({ channel: 'note', body: 'hi' }),
        });
        assert.equal(response.status, 400);
        await assertMatchesContract('POST', '/v1/customers/{id}/contacts', response);
      });

      it('creates once per key: a replay answers the first entry, another body 422', async () => {
        const body = {
          channel: 'call',
          direction: 'outbound',
          subject: '回访',
          body: 'Line one\nLine two <b>not html</b>',
        };
        const first = await api.call('/v1/customers/c_1001/contacts', {
          method: 'POST',
          ...json(body, { 'Idempotency-Key': 'key-replay-0001' }),
        });
        assert.equal(first.status, 201);
        await assertMatchesContract('POST', '/v1/customers/{id}/contacts', first);
        const created = (await first.json()) as Entry;
        assert.equal(created.body, body.body);
        assert.deepEqual(created.author, { id: 'u_1', name: '陈静' });
        assert.match(first.headers.get('Location') ?? '', new RegExp(`${created.id}$`));

        const replay = await api.call('/v1/customers/c_1001/contacts', {
          method: 'POST',
          ...json({ ...body }, { 'Idempotency-Key': 'key-replay-0001' }),
        });
        assert.equal(replay.status, 201);
        assert.equal(replay.headers.get('Idempotent-Replayed'), 'true');
        assert.deepEqual(await replay.json(), created);

        const other = await api.call('/v1/customers/c_1001/contacts', {
          method: 'POST',
          ...json({ ...body, body: 'changed' }, { 'Idempotency-Key': 'key-replay-0001' }),
        });
        assert.equal(other.status, 422);
        await assertMatchesContract('POST', '/v1/customers/{id}/contacts', other);

        const { rows } = await api.db.query(
          "SELECT id FROM contacts WHERE tenant_id = 'demo' AND customer_id = 'c_1001' AND body = $1",
          [body.body],
        );
        assert.equal(rows.length, 1);
        const customer = (await (await api.call('/v1/customers/c_1001')).json()) as { lastContactAt: string };
        assert.equal(customer.lastContactAt, created.occurredAt);
      });

      it('creates exactly one entry from 12 concurrent requests with one key', async () => {
        const body = { channel: 'note', body: 'concurrent note' };
        const responses = await Promise.all(
          Array.from({ length: 12 }, () =>
            api.call('/v1/customers/c_1002/contacts', {
              method: 'POST',
              ...json(body, { 'Idempotency-Key': 'key-concurrent-0001' }),
            }),
          ),
        );
        assert.deepEqual(
          responses.map((r) => r.status),
          Array(12).fill(201),
        );
        const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as Entry).id)));
        assert.equal(ids.size, 1);
        assert.equal(responses.filter((r) => r.headers.get('Idempotent-Replayed') === 'true').length, 11);
        const { rows } = await api.db.query(
          "SELECT id FROM contacts WHERE tenant_id = 'demo' AND body = 'concurrent note'",
        );
        assert.equal(rows.length, 1);
      });

      it('validates the entry and frees the key when the request fails', async () => {
        for (const [body, pointer] of [
          [{ channel: 'fax', body: 'x' }, '/channel'],
          [{ channel: 'note', body: '' }, '/body'],
          [{ channel: 'note', body: 'x', author: 'me' }, '/author'],
          [{ channel: 'note', body: 'x', occurredAt: 'yesterday' }, '/occurredAt'],
        ] as const) {
          const response = await api.call('/v1/customers/c_1003/contacts', {
            method: 'POST',
            ...json(body, { 'Idempotency-Key': 'key-invalid-0001' }),
          });
          assert.equal(response.status, 400, JSON.stringify(body));
          const problem = (await response.json()) as { errors: { pointer: string }[] };
          assert.ok(
            problem.errors.some((e) => e.pointer === pointer),
            JSON.stringify(problem),
          );
        }
        const missing = await api.call('/v1/customers/c_404404/contacts', {
          method: 'POST',
          ...json({ channel: 'note', body: 'x' }, { 'Idempotency-Key': 'key-missing-0001' }),
        });
        assert.equal(missing.status, 404);
        const { rows } = await api.db.query(
          "SELECT key FROM idempotency_keys WHERE key IN ('key-invalid-0001', 'key-missing-0001')",
        );
        assert.equal(rows.length, 0);
      });
    });
  });
}
