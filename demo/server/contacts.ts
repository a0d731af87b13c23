import { randomUUID } from 'node:crypto';
import { page, type Cursor } from './cursor.js';
import { findCustomer } from './customers.js';
import type { Db, Queryable } from './db.js';
import { recordEvent } from './events.js';
import { runIdempotent, type IdempotentRequest } from './idempotency.js';

export const channels = ['call', 'email', 'meeting', 'chat', 'sms', 'note'] as const;
export type Channel = (typeof channels)[number];
export type Direction = 'inbound' | 'outbound';

/** The API's `ContactEntry` shape (contract v1). */
export interface ContactEntry {
  id: string;
  customerId: string;
  channel: Channel;
  direction: Direction | null;
  subject?: string;
  body: string;
  author: { id: string; name: string };
  occurredAt: string;
  createdAt: string;
}

interface ContactRow {
  id: string;
  customer_id: string;
  channel: Channel;
  direction: Direction | null;
  subject: string | null;
  body: string;
  author_id: string;
  author_name: string;
  occurred_at: Date;
  created_at: Date;
}

const toEntry = (row: ContactRow): ContactEntry => {
  const entry: ContactEntry = {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel,
    direction: row.direction,
    body: row.body,
    author: { id: row.author_id, name: row.author_name },
    occurredAt: row.occurred_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
  if (row.subject !== null) entry.subject = row.subject;
  return entry;
};

/** One page of a customer's contact log, newest first. */
export async function listContacts(
  db: Queryable,
  tenant: string,
  customerId: string,
  options: { limit: number; after?: Cursor },
) {
  const params: unknown[] = [tenant, customerId, options.limit + 1];
  const where = ['tenant_id = $1', 'customer_id = $2'];
  if (options.after) {
    params.push(options.after.at, options.after.id);
    where.push(`(occurred_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  const { rows } = await db.query<ContactRow>(
    `SELECT * FROM contacts WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT $3`,
    params,
  );
  return page(rows, options.limit, toEntry, (row) => ({ at: row.occurred_at.toISOString(), id: row.id }));
}

/** Inserts one entry and moves the customer's `lastContactAt` forward; answers the stored entry. */
export async function insertContact(db: Queryable, tenant: string, entry: ContactEntry): Promise<ContactEntry> {
  const { rows } = await db.query<ContactRow>(
    `INSERT INTO contacts (tenant_id, id, customer_id, channel, direction, subject, body, author_id, author_name, occurred_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [
      tenant,
      entry.id,
      entry.customerId,
      entry.channel,
      entry.direction,
      entry.subject ?? null,
      entry.body,
      entry.author.id,
      entry.author.name,
      entry.occurredAt,
      entry.createdAt,
    ],
  );
  await db.query(
    `UPDATE customers SET last_contact_at = $3
     WHERE tenant_id = $1 AND id = $2 AND (last_contact_at IS NULL OR last_contact_at < $3)`,
    [tenant, entry.customerId, entry.occurredAt],
  );
  return toEntry(rows[0]!);
}

/** Inserts entries in batches, one statement over a JSON array each (used by the seed). */
export async function insertContacts(db: Queryable, tenant: string, entries: readonly ContactEntry[]): Promise<void> {
  const batchSize = 5000;
  for (let start = 0; start < entries.length; start += batchSize) {
    await db.query(
      `INSERT INTO contacts (tenant_id, id, customer_id, channel, direction, subject, body, author_id, author_name, occurred_at, created_at)
       SELECT $1, r.id, r."customerId", r.channel, r.direction, r.subject, r.body, r.author->>'id', r.author->>'name',
         r."occurredAt", r."createdAt"
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, "customerId" text, channel text, direction text, subject text,
         body text, author jsonb, "occurredAt" timestamptz, "createdAt" timestamptz)`,
      [tenant, JSON.stringify(entries.slice(start, start + batchSize))],
    );
  }
}

export async function findUserName(db: Queryable, tenant: string, userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM users WHERE tenant_id = $1 AND id = $2', [
    tenant,
    userId,
  ]);
  return rows[0]?.name;
}

/** A new entry as a client sends it (`NewContactEntry`, validated). */
export interface NewContact {
  channel: Channel;
  direction: Direction | null;
  subject?: string | undefined;
  body: string;
  occurredAt?: string | undefined;
}

/**
 * Adds an entry written by `userId` at most once per Idempotency-Key (see `runIdempotent`), moves
 * the customer's `lastContactAt` and announces `contact.created`, in one transaction. Answers the
 * stored (or replayed) 201, `conflict` when the key came with another request, or `undefined`
 * when the tenant has no such customer (nothing is stored and the key stays free).
 */
export async function addContact(db: Db, request: IdempotentRequest & { customerId: string }, input: NewContact) {
  const { tenant, userId, customerId } = request;
  const outcome = await runIdempotent<'missing'>(db, request, async (tx) => {
    if (!(await findCustomer(tx, tenant, customerId))) return { declined: 'missing' };
    const now = new Date().toISOString();
    const entry: ContactEntry = {
      id: `ct_${randomUUID()}`,
      customerId,
      channel: input.channel,
      direction: input.direction ?? null,
      body: input.body,
      author: { id: userId, name: (await findUserName(tx, tenant, userId)) ?? userId },
      occurredAt: input.occurredAt ? new Date(input.occurredAt).toISOString() : now,
      createdAt: now,
    };
    if (input.subject) entry.subject = input.subject;
    const stored = await insertContact(tx, tenant, entry);
    await recordEvent(tx, { tenant, type: 'contact.created', resourceId: stored.id, customerId });
    return { status: 201, body: stored };
  });
  return 'declined' in outcome ? undefined : outcome;
}
