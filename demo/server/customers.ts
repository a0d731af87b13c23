import { page, type Cursor } from './cursor.js';
import type { Db, Queryable } from './db.js';
import { customerEtag } from './etag.js';
import { recordEvent } from './events.js';
import { runIdempotent, type IdempotentRequest } from './idempotency.js';

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
export async function findCustomer(db: Queryable, tenant: string, id: string): Promise<VersionedCustomer | undefined> {
  const { rows } = await db.query<CustomerRow>('SELECT * FROM customers WHERE tenant_id = $1 AND id = $2', [
    tenant,
    id,
  ]);
  const row = rows[0];
  return row ? { customer: toCustomer(row), version: row.version } : undefined;
}

/** Whether the tenant has this customer (another tenant's id reads as missing). */
export async function customerExists(db: Queryable, tenant: string, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2', [tenant, id]);
  return rows.length > 0;
}

/** Inserts customers in batches, each one statement over a JSON array (used by the seed). */
export async function insertCustomers(db: Queryable, tenant: string, customers: readonly Customer[]): Promise<void> {
  const batchSize = 2000;
  for (let start = 0; start < customers.length; start += batchSize) {
    const batch = customers.slice(start, start + batchSize).map((c) => ({ ...c, tenant }));
    await db.query(
      `INSERT INTO customers (tenant_id, id, name, company, email, phone, avatar_url, website, tags, tier,
         owner_id, owner_name, lifetime_value_amount, lifetime_value_currency, created_at, updated_at, last_contact_at)
       SELECT r.tenant, r.id, r.name, r.company, r.email, r.phone, r."avatarUrl", r.website,
         ARRAY(SELECT jsonb_array_elements_text(r.tags)), r.tier, r.owner->>'id', r.owner->>'name',
         (r."lifetimeValue"->>'amount')::bigint, r."lifetimeValue"->>'currency', r."createdAt", r."updatedAt", r."lastContactAt"
       FROM jsonb_to_recordset($1::jsonb) AS r(tenant text, id text, name text, company text, email text, phone text,
         "avatarUrl" text, website text, tags jsonb, tier text, owner jsonb, "lifetimeValue" jsonb,
         "createdAt" timestamptz, "updatedAt" timestamptz, "lastContactAt" timestamptz)`,
      [JSON.stringify(batch)],
    );
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** One page of a tenant's customers, newest first, optionally matching `q` in name, company, email or phone. */
export async function listCustomers(
  db: Queryable,
  tenant: string,
  options: { q?: string; limit: number; after?: Cursor },
) {
  const params: unknown[] = [tenant, options.limit + 1];
  const where = ['tenant_id = $1'];
  if (options.q) {
    params.push(`%${escapeLike(options.q)}%`);
    const p = `$${params.length}`;
    where.push(`(name ILIKE ${p} OR company ILIKE ${p} OR email ILIKE ${p} OR phone ILIKE ${p})`);
  }
  if (options.after) {
    params.push(options.after.at, options.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  const { rows } = await db.query<CustomerRow>(
    `SELECT * FROM customers WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $2`,
    params,
  );
  return page(rows, options.limit, toCustomer, (row) => ({ at: row.created_at.toISOString(), id: row.id }));
}

/** The fields a PATCH may change; `null` clears an optional one. */
export interface CustomerPatch {
  name?: string;
  email?: string | null;
  phone?: string | null;
  tags?: string[];
}

/** A `PATCH` that changed nothing: `stale` with the stored customer, or `undefined` (no such customer). */
export type PatchRefusal = { stale: VersionedCustomer } | undefined;

/** What a `PATCH` comes to: the edited customer, or why nothing changed. */
export type PatchOutcome = { updated: VersionedCustomer } | PatchRefusal;

/**
 * Applies `patch` if the customer is still at `expectedVersion`. Answers the updated customer,
 * `stale` with the current one, or `undefined` when there is no such customer.
 */
export async function updateCustomer(
  db: Queryable,
  tenant: string,
  id: string,
  expectedVersion: number,
  patch: CustomerPatch,
  now: Date,
): Promise<PatchOutcome> {
  const sets: string[] = [];
  const params: unknown[] = [tenant, id, expectedVersion, now.toISOString()];
  for (const [field, column] of [
    ['name', 'name'],
    ['email', 'email'],
    ['phone', 'phone'],
    ['tags', 'tags'],
  ] as const) {
    if (patch[field] !== undefined) {
      params.push(patch[field]);
      sets.push(`${column} = $${params.length}`);
    }
  }
  const { rows } = await db.query<CustomerRow>(
    `UPDATE customers SET ${[...sets, 'updated_at = $4', 'version = version + 1'].join(', ')}
     WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING *`,
    params,
  );
  const row = rows[0];
  if (row) return { updated: { customer: toCustomer(row), version: row.version } };
  const current = await findCustomer(db, tenant, id);
  return current ? { stale: current } : undefined;
}

/**
 * A `PATCH` in one transaction: applied when `edited(version)` says the client edited the stored
 * version (its `If-Match`), announced as `customer.updated`.
 */
export async function patchCustomer(
  db: Db,
  tenant: string,
  id: string,
  patch: CustomerPatch,
  edited: (version: number) => boolean,
): Promise<PatchOutcome> {
  return db.transaction((tx) => applyPatch(tx, tenant, id, patch, edited));
}

/**
 * `patchCustomer` at most once per Idempotency-Key (see `runIdempotent`): the key is stored with
 * the 200 and its `ETag` in the edit's transaction, so an edit sent again after its answer was
 * lost is answered from the stored one — even when the customer has changed since, which would
 * otherwise make it a 412 — and applied once. Answers that 200 (stored or replayed), `conflict`
 * when the key came with another request, or, storing nothing, `stale` or `undefined`.
 */
export async function patchCustomerOnce(
  db: Db,
  request: IdempotentRequest,
  id: string,
  patch: CustomerPatch,
  edited: (version: number) => boolean,
) {
  // Only an edit that committed is stored under the key, as only a created contact entry is: a
  // 400, 413, 415 or 428 is refused at the edge before the key is claimed, and a 404 or 412 rolls
  // back with nothing stored. Nothing changed, so sending the request again is safe and it is
  // answered afresh: a stale If-Match stays stale (versions only grow), so it gets its 412 again,
  // with the customer as it is then.
  return runIdempotent<PatchRefusal>(db, request, async (tx) => {
    const outcome = await applyPatch(tx, request.tenant, id, patch, edited);
    if (!outcome || 'stale' in outcome) return { declined: outcome };
    const { customer, version } = outcome.updated;
    return { status: 200, body: customer, headers: { ETag: customerEtag(id, version) } };
  });
}

async function applyPatch(
  tx: Queryable,
  tenant: string,
  id: string,
  patch: CustomerPatch,
  edited: (version: number) => boolean,
): Promise<PatchOutcome> {
  const current = await findCustomer(tx, tenant, id);
  if (!current) return undefined;
  if (!edited(current.version)) return { stale: current };
  const outcome = await updateCustomer(tx, tenant, id, current.version, patch, new Date());
  if (outcome && 'updated' in outcome) {
    await recordEvent(tx, { tenant, type: 'customer.updated', resourceId: id, customerId: id });
  }
  return outcome;
}

export async function countCustomers(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM customers');
  return Number(rows[0]?.n ?? 0);
}
