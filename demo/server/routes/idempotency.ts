import type { Context } from 'hono';
import type { StoredAnswer } from '../idempotency.js';
import { problem } from '../problem.js';

/** 422 for an `Idempotency-Key` that came before with another request. */
export const idempotencyKeyReused = (c: Context) =>
  problem(
    c,
    422,
    'idempotency-key-reused',
    'Idempotency-Key reused',
    'This Idempotency-Key was already used with a different request.',
  );

/** Sets an idempotent answer's stored headers, and `Idempotent-Replayed: true` when it is a replay. */
export function setAnswerHeaders(c: Context, answer: StoredAnswer & { replayed: boolean }): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) c.header(name, value);
  if (answer.replayed) c.header('Idempotent-Replayed', 'true');
}
