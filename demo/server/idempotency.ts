import { createHash } from 'node:crypto';
import type { Db, Queryable } from './db.js';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** A stable fingerprint of a request: same route and same JSON (key order aside) → same hash. */
export function fingerprint(route: string, body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
      );
    }
    return value;
  };
  return createHash('sha256')
    .update(route)
    .update('\n')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/**
 * Runs `work` at most once per (tenant, user, key). The key row is claimed with
 * `INSERT … ON CONFLICT DO NOTHING` in the same transaction as the write, so concurrent requests
 * with one key wait for the first and then replay its answer; if `work` throws, the transaction
 * rolls back and the key is free again.
 */
export async function runIdempotent(
  db: Db,
  scope: { tenant: string; userId: string; key: string; requestHash: string },
  work: (tx: Queryable) => Promise<StoredAnswer>,
): Promise<(StoredAnswer & { replayed: boolean }) | { conflict: true }> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, status, response)
       VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`,
      [scope.tenant, scope.userId, scope.key, scope.requestHash],
    );
    if (claimed.rows.length === 1) {
      const answer = await work(tx);
      await tx.query(
        'UPDATE idempotency_keys SET status = $4, response = $5 WHERE tenant_id = $1 AND user_id = $2 AND key = $3',
        [scope.tenant, scope.userId, scope.key, answer.status, JSON.stringify(answer.body)],
      );
      return { ...answer, replayed: false };
    }
    const { rows } = await tx.query<{ request_hash: string; status: number; response: unknown }>(
      'SELECT request_hash, status, response FROM idempotency_keys WHERE tenant_id = $1 AND user_id = $2 AND key = $3',
      [scope.tenant, scope.userId, scope.key],
    );
    const stored = rows[0]!;
    if (stored.request_hash !== scope.requestHash) return { conflict: true };
    return { status: stored.status, body: stored.response, replayed: true };
  });
}
