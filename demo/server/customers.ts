import type { Db } from './db.js';

/** The API's `Customer` shape (contract v1). */
export interface Customer {
  id: string;
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  avatarUrl?: string;
  website?: string;
  tags: string[];
  tier?: string;
  owner?: { id: string; name: string };
  lifetimeValue: { amount: number; currency: string };
  createdAt: string;
  updatedAt: string;
  lastContactAt?: string;
}

interface CustomerRow {
  id: string;
  name: string;
  company: string | null;
  email: string | null;
  phone: string | null;
  avatar_url: string | null;
  website: string | null;
  tags: string[];
  tier: string | null;
  owner_id: string | null;
  owner_name: string | null;
  lifetime_value_amount: string | number;
  lifetime_value_currency: string;
  created_at: Date;
  updated_at: Date;
  last_contact_at: Date | null;
  version: number;
}

function toCustomer(row: CustomerRow): Customer {
  const customer: Customer = {
    id: row.id,
    name: row.name,
    tags: row.tags,
    lifetimeValue: { amount: Number(row.lifetime_value_amount), currency: row.lifetime_value_currency },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  if (row.company !== null) customer.company = row.company;
  if (row.email !== null) customer.email = row.email;
  if (row.phone !== null) customer.phone = row.phone;
  if (row.avatar_url !== null) customer.avatarUrl = row.avatar_url;
  if (row.website !== null) customer.website = row.website;
  if (row.tier !== null) customer.tier = row.tier;
  if (row.owner_id !== null && row.owner_name !== null) customer.owner = { id: row.owner_id, name: row.owner_name };
  if (row.last_contact_at !== null) customer.lastContactAt = row.last_contact_at.toISOString();
  return customer;
}

/** A customer with the version its ETag is made from. */
export interface VersionedCustomer {
  customer: Customer;
  version: number;
}

/** One customer of one tenant; another tenant's id reads as missing. */
export async function findCustomer(db: Db, tenant: string, id: string): Promise<VersionedCustomer | undefined> {
  const { rows } = await db.query<CustomerRow>(
    'SELECT * FROM customers WHERE tenant_id = $1 AND id = $2',
    [tenant, id],
  );
  const row = rows[0];
  return row ? { customer: toCustomer(row), version: row.version } : undefined;
}

/** Inserts customers in one statement per batch (used by the seed). */
export async function insertCustomers(db: Db, tenant: string, customers: readonly Customer[]): Promise<void> {
  const batchSize = 500;
  for (let start = 0; start < customers.length; start += batchSize) {
    const batch = customers.slice(start, start + batchSize);
    const params: unknown[] = [];
    const tuples = batch.map((c) => {
      const values = [
        tenant, c.id, c.name, c.company ?? null, c.email ?? null, c.phone ?? null, c.avatarUrl ?? null,
        c.website ?? null, c.tags, c.tier ?? null, c.owner?.id ?? null, c.owner?.name ?? null,
        c.lifetimeValue.amount, c.lifetimeValue.currency, c.createdAt, c.updatedAt, c.lastContactAt ?? null,
      ];
      const first = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${first + i + 1}`).join(', ')})`;
    });
    await db.query(
      `INSERT INTO customers (tenant_id, id, name, company, email, phone, avatar_url, website, tags, tier,
         owner_id, owner_name, lifetime_value_amount, lifetime_value_currency, created_at, updated_at, last_contact_at)
       VALUES ${tuples.join(',\n')}`,
      params,
    );
  }
}

export async function countCustomers(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM customers');
  return Number(rows[0]?.n ?? 0);
}
