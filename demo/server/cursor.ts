import { requestLimits } from '../../src/api/limits.js';
import { parseTimestamp } from './timestamp.js';

/**
 * Keyset cursors: the sort key of the last row of a page, opaque to clients (base64url JSON).
 * Rows inserted while a client pages cannot shift the rows it has not seen yet, so pages have no
 * duplicates and no gaps.
 */
export interface Cursor {
  /** The last row's sort timestamp (ISO 8601, millisecond precision). */
  at: string;
  /** The last row's id, breaking ties. */
  id: string;
}

export class BadCursorError extends Error {}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) throw new Error('shape');
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) throw new Error('shape');
    const [at, id] = value as unknown[];
    // Only what this API issues: an id of the id pattern (no U+0000 reaches the database) and a
    // timestamp PostgreSQL can compare with (years 1–9999).
    if (typeof at !== 'string' || typeof id !== 'string' || !requestLimits.id.pattern.test(id))
      throw new Error('shape');
    const parsed = parseTimestamp(at);
    if ('error' in parsed) throw new Error(parsed.error);
    return { at: parsed.date.toISOString(), id };
  } catch {
    throw new BadCursorError('The cursor is not one this API issued.');
  }
}

/** Splits a `limit + 1` fetch into the page and the cursor of the next one. */
export function page<Row, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item, keyOf: (row: Row) => Cursor) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { data: pageRows.map(toItem), nextCursor: more && last ? encodeCursor(keyOf(last)) : null };
}
