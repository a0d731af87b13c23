// GET /v1/customers/{id}/insights and the stored computation behind it, on every engine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertCustomers, type Customer } from '../../demo/server/customers.js';
import type { Queryable } from '../../demo/server/db.js';
import { recordEvent } from '../../demo/server/events.js';
import { createWorkerAnalyser } from '../../demo/server/insights/analyser.js';
import { readInsights, recomputeTenant } from '../../demo/server/insights/compute.js';
import { startInsightsRefresher } from '../../demo/server/insights/refresh.js';
import type { CustomerInsights } from '../../demo/server/insights/types.js';
import { insertOrders, type Order } from '../../demo/server/orders.js';
import { engines, startTestApi, type TestApi } from './harness.js';
import { assertMatchesContract } from './openapi.js';

const day = 86_400_000;
const seededUntil = Date.parse('2026-11-01T00:00:00Z');

function customer(id: string, createdAt: number, currency = 'CNY'): Customer {
  const at = new Date(createdAt).toISOString();
  return { id, name: `Test ${id}`, tags: [], lifetimeValue: { amount: 0, currency }, createdAt: at, updatedAt: at };
}

function order(id: string, customerId: string, createdAt: number, amount: number, currency = 'CNY'): Order {
  const at = new Date(createdAt).toISOString();
  return {
    id,
    number: `SO-T-${id}`,
    customerId,
    status: 'delivered',
    total: { amount, currency },
    items: [{ sku: 'T', name: 'Test', quantity: 1, unitPrice: { amount, currency } }],
    createdAt: at,
    updatedAt: at,
  };
}

/** Stored answers without their `computedAt` (which is the clock). */
async function storedAnswers(db: Queryable, tenant: string) {
  const { rows } = await db.query<{ insights: CustomerInsights | string }>(
    'SELECT insights FROM customer_insights WHERE tenant_id = $1 ORDER BY customer_id',
    [tenant],
  );
  return rows.map((row) => {
    const insights = typeof row.insights === 'string' ? (JSON.parse(row.insights) as CustomerInsights) : row.insights;
    return { ...insights, computedAt: undefined };
  });
}

for (const engine of engines) {
  describe(`insights on ${engine}`, () => {
    let api: TestApi;
    let regular: string;
    before(async () => {
      api = await startTestApi(engine, { customers: 40 });
      const { rows } = await api.db.query<{ customer_id: string }>(
        `SELECT customer_id FROM orders WHERE tenant_id = 'demo' AND status <> 'cancelled'
         GROUP BY customer_id HAVING count(*) >= 5 ORDER BY customer_id LIMIT 1`,
      );
      regular = rows[0]!.customer_id;
    });
    after(() => api.close());

    describe('GET /v1/customers/{id}/insights', () => {
      it('answers the stored insights of a seeded customer per the contract, with an ETag', async () => {
        const response = await api.call(`/v1/customers/${regular}/insights`);
        assert.equal(response.status, 200);
        await assertMatchesContract('GET', '/v1/customers/{id}/insights', response);
        assert.equal(response.headers.get('Cache-Control'), 'private, no-cache');
        const body = (await response.json()) as CustomerInsights;
        assert.equal(body.customerId, regular);
        assert.ok(body.segment, 'a customer with orders has a segment');
        assert.ok(body.segment.size >= 1 && body.segment.size <= 40);
        assert.equal(body.nextOrder.status, 'forecast');
        assert.ok(body.nextOrder.basedOnOrders >= 5);
        assert.ok(body.churnRisk, 'the demo tenant (40 customers) has a churn tree');
        assert.ok(body.churnRisk.reasons.length > 0);
        const etag = response.headers.get('ETag')!;
        const again = await api.call(`/v1/customers/${regular}/insights`, { headers: { 'If-None-Match': etag } });
        assert.equal(again.status, 304);
        await assertMatchesContract('GET', '/v1/customers/{id}/insights', again);
      });

      it("answers 404 for another tenant's customer and an unknown id, 401 without a token, 403 without crm:read", async () => {
        const acme = await api.token('acme');
        const foreign = await api.call(`/v1/customers/${regular}/insights`, { token: acme });
        assert.equal(foreign.status, 404);
        await assertMatchesContract('GET', '/v1/customers/{id}/insights', foreign);
        const unknown = await api.call('/v1/customers/c_999999/insights');
        assert.equal(unknown.status, 404);
        const anonymous = await api.call(`/v1/customers/${regular}/insights`, { token: null });
        assert.equal(anonymous.status, 401);
        await assertMatchesContract('GET', '/v1/customers/{id}/insights', anonymous);
        const writeOnly = await api.call(`/v1/customers/${regular}/insights`, {
          token: await api.token('demo', 'crm:write'),
        });
        assert.equal(writeOnly.status, 403);
        const badId = await api.call('/v1/customers/c%20x/insights');
        assert.equal(badId.status, 400);
      });
    });

    describe('computation', () => {
      it('stores one answer per customer after seeding; the ten-customer tenant has segments but no churn tree', async () => {
        const demo = await storedAnswers(api.db, 'demo');
        assert.equal(demo.length, 40);
        const acme = await storedAnswers(api.db, 'acme');
        assert.equal(acme.length, 10);
        assert.ok(acme.every((answer) => answer.churnRisk === null));
        assert.ok(acme.some((answer) => answer.segment !== null));
        const response = await api.call(`/v1/customers/${acme.find((a) => a.segment)!.customerId}/insights`, {
          token: await api.token('acme'),
        });
        assert.equal(response.status, 200);
        await assertMatchesContract('GET', '/v1/customers/{id}/insights', response);
      });

      it('is deterministic: recomputing the same data gives the same answers', async () => {
        const before = await storedAnswers(api.db, 'demo');
        const result = await recomputeTenant(api.db, 'demo');
        assert.equal(result?.written, true);
        assert.deepEqual(await storedAnswers(api.db, 'demo'), before);
      });

      it('gives the same answers when the analysis runs in a worker thread', async () => {
        const before = await storedAnswers(api.db, 'demo');
        const analyser = createWorkerAnalyser();
        try {
          let calls = 0;
          const result = await recomputeTenant(api.db, 'demo', {
            analyse: (input) => (calls++, analyser.analyse(input)),
          });
          assert.equal(result?.written, true);
          assert.equal(calls, 1);
        } finally {
          await analyser.close();
        }
        assert.deepEqual(await storedAnswers(api.db, 'demo'), before);
      });

      it('applies the stored models on the fly to customers without orders or with one order', async () => {
        await api.db.transaction(async (tx) => {
          await insertCustomers(tx, 'demo', [
            customer('c_t_none', seededUntil - 400 * day),
            customer('c_t_one', seededUntil - 400 * day, 'USD'),
          ]);
          await insertOrders(tx, 'demo', [order('o_t_one', 'c_t_one', seededUntil - 10 * day, 12_345, 'USD')]);
        });
        const none = (await (await api.call('/v1/customers/c_t_none/insights')).json()) as CustomerInsights;
        assert.equal(none.segment, null);
        assert.deepEqual(none.nextOrder, { status: 'insufficient-history', basedOnOrders: 0 });
        assert.ok(none.churnRisk, 'the stored tree applies to a customer it never saw');
        const oneResponse = await api.call('/v1/customers/c_t_one/insights');
        await assertMatchesContract('GET', '/v1/customers/{id}/insights', oneResponse);
        const one = (await oneResponse.json()) as CustomerInsights;
        assert.deepEqual(one.nextOrder, { status: 'insufficient-history', basedOnOrders: 1 });
        assert.ok(one.segment, 'one order is enough for a segment');
        assert.equal(one.segment.frequency, 1);
        // Days are counted to the tenant's reference time (its latest activity, stored with the models).
        const { rows } = await api.db.query<{ ms: number }>(
          "SELECT (extract(epoch FROM reference_at) * 1000)::float8 AS ms FROM insight_models WHERE tenant_id = 'demo'",
        );
        assert.equal(one.segment.recencyDays, Math.floor((Number(rows[0]!.ms) - (seededUntil - 10 * day)) / day));
        assert.deepEqual(one.segment.monetary, { amount: 12_345, currency: 'USD' });
      });

      it('puts identical customers in one segment without crashing, and trains no tree on one outcome', async () => {
        await api.db.query("INSERT INTO tenants (id, name) VALUES ('same', 'Identical Ltd.')");
        const ids = Array.from({ length: 35 }, (_, i) => `c_s_${i}`);
        await api.db.transaction(async (tx) => {
          await insertCustomers(
            tx,
            'same',
            ids.map((id) => customer(id, seededUntil - 900 * day)),
          );
          await insertOrders(
            tx,
            'same',
            ids.flatMap((id) => [300, 200, 100].map((ago) => order(`${id}_${ago}`, id, seededUntil - ago * day, 5000))),
          );
        });
        const result = await recomputeTenant(api.db, 'same');
        assert.equal(result?.segments?.k, 1);
        assert.equal(result?.churn.status, 'untrained');
        const answers = await storedAnswers(api.db, 'same');
        assert.equal(answers.length, 35);
        const keys = new Set(answers.map((answer) => answer.segment?.key));
        assert.equal(keys.size, 1);
        assert.ok(answers.every((answer) => answer.segment?.size === 35 && answer.churnRisk === null));
        assert.ok(
          answers.every(
            (answer) => answer.nextOrder.status === 'forecast' && answer.nextOrder.expectedDate === '2026-11-01',
          ),
        );
      });

      it(
        'recomputes after a new order (order.created event) and serves the new forecast',
        { timeout: 60_000 },
        async () => {
          const refresher = await startInsightsRefresher(api.db, { debounceMs: 10 });
          try {
            const before = (await (await api.call(`/v1/customers/${regular}/insights`)).json()) as CustomerInsights;
            const recomputed = refresher.next('demo');
            await api.db.transaction(async (tx) => {
              await insertOrders(tx, 'demo', [order('o_t_new', regular, seededUntil - day, 4200)]);
              await recordEvent(tx, {
                tenant: 'demo',
                type: 'order.created',
                resourceId: 'o_t_new',
                customerId: regular,
              });
            });
            const result = await recomputed;
            assert.equal(result?.written, true);
            const after = (await (await api.call(`/v1/customers/${regular}/insights`)).json()) as CustomerInsights;
            assert.equal(after.nextOrder.basedOnOrders, before.nextOrder.basedOnOrders + 1);
            assert.notEqual(after.computedAt, before.computedAt);
            // Nothing new since: a further run of the refresher's kind finds nothing to do.
            assert.equal(await recomputeTenant(api.db, 'demo', { onlyIfStale: true }), undefined);
          } finally {
            await refresher.stop();
          }
        },
      );

      it("answers a customer added since the last computation with the models' time, so asking again is a 304", async () => {
        await api.db.transaction(async (tx) => {
          await insertCustomers(tx, 'demo', [customer('c_t_added', seededUntil - 300 * day)]);
          await insertOrders(tx, 'demo', [order('o_t_added', 'c_t_added', seededUntil - 20 * day, 5_000)]);
        });
        const first = await api.call('/v1/customers/c_t_added/insights');
        assert.equal(first.status, 200);
        const body = (await first.json()) as CustomerInsights;
        const { rows } = await api.db.query<{ model: { computedAt: string } | string }>(
          "SELECT model FROM insight_models WHERE tenant_id = 'demo'",
        );
        const model =
          typeof rows[0]!.model === 'string' ? (JSON.parse(rows[0]!.model) as { computedAt: string }) : rows[0]!.model;
        assert.equal(body.computedAt, model.computedAt);
        const again = await api.call('/v1/customers/c_t_added/insights', {
          headers: { 'If-None-Match': first.headers.get('ETag')! },
        });
        assert.equal(again.status, 304);
        // The same data and models give the same answer whatever the clock says.
        assert.deepEqual(await readInsights(api.db, 'demo', 'c_t_added', new Date(Date.now() + 60_000)), body);
      });

      it("answers the same before a tenant's first computation, dated by its reference time", async () => {
        await api.db.query("INSERT INTO tenants (id, name) VALUES ('fresh', 'Fresh Ltd.')");
        await api.db.transaction(async (tx) => {
          await insertCustomers(tx, 'fresh', [
            customer('c_f_1', seededUntil - 100 * day),
            customer('c_f_quiet', seededUntil - 50 * day),
          ]);
        });
        const quiet = await readInsights(api.db, 'fresh', 'c_f_quiet');
        assert.equal(quiet?.computedAt, new Date(seededUntil - 50 * day).toISOString());
        assert.deepEqual(await readInsights(api.db, 'fresh', 'c_f_quiet', new Date(Date.now() + 60_000)), quiet);
        await insertOrders(api.db, 'fresh', [order('o_f_1', 'c_f_1', seededUntil - 5 * day, 1_000)]);
        const first = await readInsights(api.db, 'fresh', 'c_f_1');
        assert.equal(first?.computedAt, new Date(seededUntil - 5 * day).toISOString());
        assert.deepEqual(await readInsights(api.db, 'fresh', 'c_f_1', new Date(Date.now() + 60_000)), first);
      });

      it(
        'computes a tenant in one place at a time: a second caller skips (ifBusy: skip) or waits (the default)',
        { timeout: 60_000 },
        async () => {
          const reasons: string[] = [];
          const skipping = { ifBusy: 'skip' as const, onSkip: (reason: 'fresh' | 'busy') => reasons.push(reason) };
          const [a, b] = await Promise.all([
            recomputeTenant(api.db, 'demo', skipping),
            recomputeTenant(api.db, 'demo', skipping),
          ]);
          assert.deepEqual([a?.written, b?.written].sort(), [true, undefined]);
          assert.deepEqual(reasons, ['busy']);
          const [c, d] = await Promise.all([recomputeTenant(api.db, 'demo'), recomputeTenant(api.db, 'demo')]);
          assert.equal(c?.written, true);
          assert.equal(d?.written, true);
          // Released after a failure too.
          await assert.rejects(
            recomputeTenant(api.db, 'demo', { analyse: () => Promise.reject(new Error('boom')) }),
            /boom/,
          );
          assert.equal((await recomputeTenant(api.db, 'demo', skipping))?.written, true);
          const { rows } = await api.db.query<{ through: string | number }>(
            "SELECT events_through AS through FROM insight_models WHERE tenant_id = 'demo'",
          );
          assert.ok(Number(rows[0]!.through) >= 0, 'a finished write leaves the models marked fresh');
        },
      );

      it(
        'leaves a cooldown after a run and folds the changes made meanwhile into one later run',
        { timeout: 60_000 },
        async () => {
          const minGapMs = 2000;
          const refresher = await startInsightsRefresher(api.db, { debounceMs: 10, minGapMs, worker: false });
          let n = 0;
          const change = async () => {
            const id = `o_t_cool_${n++}`;
            await api.db.transaction(async (tx) => {
              await insertOrders(tx, 'demo', [order(id, regular, seededUntil - day, 1000 + n)]);
              await recordEvent(tx, { tenant: 'demo', type: 'order.created', resourceId: id, customerId: regular });
            });
          };
          try {
            const first = refresher.next('demo');
            await change();
            assert.equal((await first)?.written, true);
            const endedFirst = Date.now();
            const second = refresher.next('demo');
            // A writer posting every 300 ms: without a cooldown each change would start a run of its own.
            for (let i = 0; i < 3; i++) {
              await change();
              await new Promise((resolve) => setTimeout(resolve, 300));
            }
            const result = await second;
            assert.equal(result?.written, true);
            assert.ok(
              Date.now() - endedFirst >= minGapMs,
              'the next run starts no sooner than the gap after the last one',
            );
            const { rows } = await api.db.query<{ through: string | number; latest: string | number }>(
              "SELECT events_through AS through, (SELECT max(id) FROM events WHERE tenant_id = 'demo') AS latest FROM insight_models WHERE tenant_id = 'demo'",
            );
            assert.equal(Number(rows[0]!.through), Number(rows[0]!.latest), 'one run covers every change of the gap');
          } finally {
            await refresher.stop();
          }
        },
      );

      it('reads nothing for a customer of another tenant', async () => {
        assert.equal(await readInsights(api.db, 'acme', regular), undefined);
      });
    });
  });
}
