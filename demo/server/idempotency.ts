import { createHash } from 'node:crypto';
import type { Db, Queryable } from './db.js';

/** The first answer to a key's request, repeated by every replay. */
export interface StoredAnswer {
  status: number;
  body: unknown;
  /** Headers a replay repeats (a PATCH's `ETag`); none when left out. */
  headers?: Record<string, string>;
}

/** One Idempotency-Key of one user of one tenant, and the fingerprint of the request it came with. */
export interface IdempotentRequest {
  tenant: string;
  userId: string;
  key: string;
  requestHash: string;
}

/**
 * What `work` answers when the request fails (no such customer, a stale `If-Match`): the
 * transaction rolls back, nothing is stored under the key, and `outcome` is handed back.
 */
export interface Declined<T> {
  declined: T;
}

/** Carries a declined outcome out of the transaction it rolls back. */
class Rollback<T> extends Error {
  constructor(readonly outcome: Declined<T>) {
    super('declined');
  }
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
 * with one key wait for the first and then replay its answer, and a write that committed has its
 * answer stored with it. Only answers that committed are stored: if `work` declines or throws, the
 * transaction rolls back and the key is free again — a failed request changed nothing, so sending
 * it again is safe, and it is answered afresh.
 */
export async function runIdempotent<T = never>(
  db: Db,
  scope: IdempotentRequest,
  work: (tx: Queryable) => Promise<StoredAnswer | Declined<T>>,
): Promise<(StoredAnswer & { replayed: boolean }) | { conflict: true } | Declined<T>> {
  try {
    return await db.transaction(async (tx) => {
      const claimed = await tx.query(
        `INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, status, response)
         VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`,
        [scope.tenant, scope.userId, scope.key, scope.requestHash],
      );
      if (claimed.rows.length === 1) {
        const answer = await work(tx);
        if ('declined' in answer) throw new Rollback(answer);
        await tx.query(
          `UPDATE idempotency_keys SET status = $4, response = $5, headers = $6
           WHERE tenant_id = $1 AND user_id = $2 AND key = $3`,
          [
            scope.tenant,
            scope.userId,
            scope.key,
            answer.status,
            JSON.stringify(answer.body),
            JSON.stringify(answer.headers ?? {}),
          ],
        );
        return { ...answer, replayed: false };
      }
      const { rows } = await tx.query<StoredRow>(
        `SELECT request_hash, status, response, headers FROM idempotency_keys
         WHERE tenant_id = $1 AND user_id = $2 AND key = $3`,
        [scope.tenant, scope.userId, scope.key],
      );
      const stored = rows[0]!;
      if (stored.request_hash !== scope.requestHash) return { conflict: true as const };
      return { status: stored.status, body: stored.response, headers: stored.headers, replayed: true };
    });
  } catch (error) {
    if (error instanceof Rollback) return (error as Rollback<T>).outcome;
    throw error;
  }
}

interface StoredRow {
  request_hash: string;
  status: number;
  response: unknown;
  headers: Record<string, string>;
}
