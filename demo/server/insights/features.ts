// The per-customer features the insights rest on, aggregated in SQL from orders and contacts as of
// a given instant (only rows at or before it count), and the demo's fixed exchange rates.
import type { Queryable } from '../db.js';
import type { OrderHistory } from './forecast.js';

const day = 86_400_000;

/**
 * Fixed demo exchange rates, in US dollars per unit of the currency, with its minor-unit digits:
 * 1 USD = 7 CNY = 146 JPY (the ratio of the seed's price list). Only used to put customers of
 * different currencies on one scale for clustering and the tree; amounts shown are always in the
 * customer's own currency. An order in another currency is converted through these rates; a
 * currency not listed here is left out of monetary sums.
 */
export const demoRates: Record<string, { usd: number; digits: number }> = {
  CNY: { usd: 1 / 7, digits: 2 },
  USD: { usd: 1, digits: 2 },
  JPY: { usd: 1 / 146, digits: 0 },
};

/** US dollars per minor unit of `currency`, or undefined for a currency without a demo rate. */
export function usdPerMinorUnit(currency: string): number | undefined {
  const rate = demoRates[currency];
  return rate ? rate.usd / 10 ** rate.digits : undefined;
}

const ratesParam = () =>
  JSON.stringify(Object.fromEntries(Object.keys(demoRates).map((code) => [code, usdPerMinorUnit(code)])));

/** One customer's aggregates as of an instant. Times are epoch milliseconds. */
export interface FeatureRow {
  id: string;
  currency: string;
  createdAt: number;
  /** Latest non-cancelled order at or before the instant, or null. */
  lastOrderAt: number | null;
  /** Non-cancelled orders at or before the instant. */
  orders: number;
  /** Non-cancelled orders in the 365 days up to the instant. */
  frequency: number;
  refunds: number;
  cancellations: number;
  /** Paid, shipped or delivered order totals, in the customer's currency (minor units; orders in other currencies converted). */
  monetary: number;
  /** The same in US dollars at the demo rates; null when the customer's currency has no rate. */
  monetaryUsd: number | null;
  contacts: { call: number; email: number; meeting: number; chat: number; sms: number; note: number };
  /** Non-cancelled orders after the instant up to `until` (the churn label). */
  ordersAfter: number;
}

interface FeatureSqlRow {
  id: string;
  currency: string;
  created_ms: number;
  last_order_ms: number | null;
  orders: number | null;
  frequency: number | null;
  refunds: number | null;
  cancellations: number | null;
  spent_own: number | null;
  spent_other_usd: number | null;
  orders_after: number | null;
  call: number | null;
  email: number | null;
  meeting: number | null;
  chat: number | null;
  sms: number | null;
  note: number | null;
}

const paid = `o.status IN ('paid', 'shipped', 'delivered')`;

/**
 * Every customer of the tenant (or just `customerId`) with their aggregates as of `at`; orders
 * after `at` up to `until` are only counted in `ordersAfter`.
 */
export async function featuresAsOf(
  db: Queryable,
  tenant: string,
  at: Date,
  options: { until?: Date; customerId?: string } = {},
): Promise<FeatureRow[]> {
  const until = options.until ?? at;
  const { rows } = await db.query<FeatureSqlRow>(
    `WITH o AS (
       SELECT o.customer_id,
         (extract(epoch FROM max(o.created_at) FILTER (WHERE o.status <> 'cancelled' AND o.created_at <= $2)) * 1000)::float8 AS last_order_ms,
         (count(*) FILTER (WHERE o.status <> 'cancelled' AND o.created_at <= $2))::int AS orders,
         (count(*) FILTER (WHERE o.status <> 'cancelled' AND o.created_at <= $2
           AND o.created_at > $2::timestamptz - interval '365 days'))::int AS frequency,
         (count(*) FILTER (WHERE o.status = 'refunded' AND o.created_at <= $2))::int AS refunds,
         (count(*) FILTER (WHERE o.status = 'cancelled' AND o.created_at <= $2))::int AS cancellations,
         (sum(o.total_amount) FILTER (WHERE ${paid} AND o.created_at <= $2 AND o.currency = c.lifetime_value_currency))::float8 AS spent_own,
         sum(o.total_amount * ($3::jsonb ->> o.currency::text)::float8)
           FILTER (WHERE ${paid} AND o.created_at <= $2 AND o.currency <> c.lifetime_value_currency) AS spent_other_usd,
         (count(*) FILTER (WHERE o.status <> 'cancelled' AND o.created_at > $2 AND o.created_at <= $4))::int AS orders_after
       FROM orders o JOIN customers c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id
       WHERE o.tenant_id = $1 AND o.created_at <= $4 AND ($5::text IS NULL OR o.customer_id = $5)
       GROUP BY o.customer_id
     ), k AS (
       SELECT customer_id,
         (count(*) FILTER (WHERE channel = 'call'))::int AS call,
         (count(*) FILTER (WHERE channel = 'email'))::int AS email,
         (count(*) FILTER (WHERE channel = 'meeting'))::int AS meeting,
         (count(*) FILTER (WHERE channel = 'chat'))::int AS chat,
         (count(*) FILTER (WHERE channel = 'sms'))::int AS sms,
         (count(*) FILTER (WHERE channel = 'note'))::int AS note
       FROM contacts
       WHERE tenant_id = $1 AND occurred_at <= $2 AND ($5::text IS NULL OR customer_id = $5)
       GROUP BY customer_id
     )
     SELECT c.id, c.lifetime_value_currency::text AS currency, (extract(epoch FROM c.created_at) * 1000)::float8 AS created_ms,
       o.last_order_ms, o.orders, o.frequency, o.refunds, o.cancellations, o.spent_own, o.spent_other_usd, o.orders_after,
       k.call, k.email, k.meeting, k.chat, k.sms, k.note
     FROM customers c
     LEFT JOIN o ON o.customer_id = c.id
     LEFT JOIN k ON k.customer_id = c.id
     WHERE c.tenant_id = $1 AND ($5::text IS NULL OR c.id = $5)
     ORDER BY c.id`,
    [tenant, at.toISOString(), ratesParam(), until.toISOString(), options.customerId ?? null],
  );
  return rows.map((row) => {
    const own = usdPerMinorUnit(row.currency);
    const spentOwn = Number(row.spent_own ?? 0);
    const spentOtherUsd = Number(row.spent_other_usd ?? 0);
    return {
      id: row.id,
      currency: row.currency,
      createdAt: Number(row.created_ms),
      lastOrderAt: row.last_order_ms === null ? null : Number(row.last_order_ms),
      orders: Number(row.orders ?? 0),
      frequency: Number(row.frequency ?? 0),
      refunds: Number(row.refunds ?? 0),
      cancellations: Number(row.cancellations ?? 0),
      monetary: Math.round(own ? spentOwn + spentOtherUsd / own : spentOwn),
      monetaryUsd: own ? Math.round((spentOwn * own + spentOtherUsd) * 100) / 100 : null,
      contacts: {
        call: Number(row.call ?? 0),
        email: Number(row.email ?? 0),
        meeting: Number(row.meeting ?? 0),
        chat: Number(row.chat ?? 0),
        sms: Number(row.sms ?? 0),
        note: Number(row.note ?? 0),
      },
      ordersAfter: Number(row.orders_after ?? 0),
    };
  });
}

/**
 * Each customer's non-cancelled orders at or before `at`, oldest first, with amounts in the
 * customer's currency (orders in a currency without a demo rate are left out).
 */
export async function orderHistories(
  db: Queryable,
  tenant: string,
  at: Date,
  customerId?: string,
): Promise<Map<string, OrderHistory>> {
  const { rows } = await db.query<{ id: string; times: number[]; amounts: (number | null)[] }>(
    `SELECT o.customer_id AS id,
       array_agg((extract(epoch FROM o.created_at) * 1000)::float8 ORDER BY o.created_at, o.id) AS times,
       array_agg(CASE WHEN o.currency = c.lifetime_value_currency THEN o.total_amount::float8
         ELSE o.total_amount * ($3::jsonb ->> o.currency::text)::float8 / ($3::jsonb ->> c.lifetime_value_currency::text)::float8
         END ORDER BY o.created_at, o.id) AS amounts
     FROM orders o JOIN customers c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id
     WHERE o.tenant_id = $1 AND o.status <> 'cancelled' AND o.created_at <= $2 AND ($4::text IS NULL OR o.customer_id = $4)
     GROUP BY o.customer_id`,
    [tenant, at.toISOString(), ratesParam(), customerId ?? null],
  );
  const histories = new Map<string, OrderHistory>();
  for (const row of rows) {
    const history: OrderHistory = { times: [], amounts: [] };
    row.times.forEach((time, i) => {
      const amount = row.amounts[i];
      if (amount === null || amount === undefined) return;
      history.times.push(Number(time));
      history.amounts.push(Number(amount));
    });
    histories.set(row.id, history);
  }
  return histories;
}

/**
 * The instant the analysis measures from: the tenant's latest order or contact, but never later
 * than `now`; `now` when the tenant has neither. A demo database seeded long ago so reads as it
 * was seeded; in a live CRM it is the present.
 */
export async function referenceTime(db: Queryable, tenant: string, now: Date): Promise<Date> {
  const { rows } = await db.query<{ ms: number | null }>(
    `SELECT (extract(epoch FROM least($2::timestamptz, greatest(
       (SELECT max(created_at) FROM orders WHERE tenant_id = $1),
       (SELECT max(occurred_at) FROM contacts WHERE tenant_id = $1)))) * 1000)::float8 AS ms`,
    [tenant, now.toISOString()],
  );
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? now : new Date(Number(ms));
}

/** Whole days from `from` to `to` (epoch ms), never negative. */
export const daysBetween = (from: number, to: number) => Math.max(0, Math.floor((to - from) / day));
