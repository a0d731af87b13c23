import { encodeCursor, type Cursor } from './cursor.js';
import type { Queryable } from './db.js';

export const orderStatuses = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface Money {
  amount: number;
  currency: string;
}

export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

/** The API's `Order` shape (contract v1). */
export interface Order {
  id: string;
  number: string;
  customerId: string;
  status: OrderStatus;
  total: Money;
  items: OrderItem[];
  createdAt: string;
  updatedAt: string;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One page of a customer's orders, newest first, optionally of one status (index-backed either
 * way), as the JSON text of the answer. The database builds the JSON: parsing rows and items into
 * JavaScript objects only to serialise them again was most of this route's cost on PGlite.
 */
export async function listOrdersJson(
  db: Queryable,
  tenant: string,
  customerId: string,
  options: { status?: OrderStatus; limit: number; after?: Cursor },
): Promise<{ json: string; empty: boolean }> {
  const params: unknown[] = [tenant, customerId, options.limit + 1, options.limit];
  const where = ['tenant_id = $1', 'customer_id = $2'];
  if (options.status) {
    params.push(options.status);
    where.push(`status = $${params.length}`);
  }
  if (options.after) {
    params.push(options.after.at, options.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  const { rows } = await db.query<{
    data: string;
    fetched: string | number;
    last_at: string | null;
    last_id: string | null;
  }>(
    `WITH page AS (
       SELECT id, number, customer_id, status, total_amount, currency, items, created_at, updated_at,
         row_number() OVER (ORDER BY created_at DESC, id DESC) AS rn
       FROM (SELECT * FROM orders WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $3) AS limited
     )
     SELECT
       coalesce(json_agg(json_build_object(
         'id', id, 'number', number, 'customerId', customer_id, 'status', status,
         'total', json_build_object('amount', total_amount, 'currency', currency), 'items', items,
         'createdAt', ${iso('created_at')}, 'updatedAt', ${iso('updated_at')}
       ) ORDER BY rn) FILTER (WHERE rn <= $4), '[]')::text AS data,
       count(*) AS fetched,
       max(${iso('created_at')}) FILTER (WHERE rn = $4) AS last_at,
       max(id) FILTER (WHERE rn = $4) AS last_id
     FROM page`,
    params,
  );
  const row = rows[0]!;
  const more = Number(row.fetched) > options.limit && row.last_at !== null && row.last_id !== null;
  const nextCursor = more ? JSON.stringify(encodeCursor({ at: row.last_at!, id: row.last_id! })) : 'null';
  return { json: `{"data":${row.data},"nextCursor":${nextCursor}}`, empty: Number(row.fetched) === 0 };
}

/** Inserts orders in batches, one statement over a JSON array each (used by the seed). */
export async function insertOrders(db: Queryable, tenant: string, orders: readonly Order[]): Promise<void> {
  const batchSize = 5000;
  for (let start = 0; start < orders.length; start += batchSize) {
    const batch = orders.slice(start, start + batchSize);
    await db.query(
      `INSERT INTO orders (tenant_id, id, number, customer_id, status, total_amount, currency, items, created_at, updated_at)
       SELECT $1, r.id, r.number, r."customerId", r.status, (r.total->>'amount')::bigint, r.total->>'currency', r.items,
         r."createdAt", r."updatedAt"
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, number text, "customerId" text, status text, total jsonb,
         items jsonb, "createdAt" timestamptz, "updatedAt" timestamptz)`,
      [tenant, JSON.stringify(batch)],
    );
  }
}
