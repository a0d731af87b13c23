import { page, type Cursor } from './cursor.js';
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

interface OrderRow {
  id: string;
  number: string;
  customer_id: string;
  status: OrderStatus;
  total_amount: string | number;
  currency: string;
  items: OrderItem[];
  created_at: Date;
  updated_at: Date;
}

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  number: row.number,
  customerId: row.customer_id,
  status: row.status,
  total: { amount: Number(row.total_amount), currency: row.currency },
  items: row.items,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** One page of a customer's orders, newest first, optionally of one status (index-backed either way). */
export async function listOrders(
  db: Queryable,
  tenant: string,
  customerId: string,
  options: { status?: OrderStatus; limit: number; after?: Cursor },
) {
  const params: unknown[] = [tenant, customerId, options.limit + 1];
  const where = ['tenant_id = $1', 'customer_id = $2'];
  if (options.status) {
    params.push(options.status);
    where.push(`status = $${params.length}`);
  }
  if (options.after) {
    params.push(options.after.at, options.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  const { rows } = await db.query<OrderRow>(
    `SELECT id, number, customer_id, status, total_amount, currency, items, created_at, updated_at
     FROM orders WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $3`,
    params,
  );
  return page(rows, options.limit, toOrder, (row) => ({ at: row.created_at.toISOString(), id: row.id }));
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
