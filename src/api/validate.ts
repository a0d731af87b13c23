/**
 * Checks the API's answers against the contract at the boundary. A few combinators, not a schema
 * library: the contract has four shapes, and the ~1 kB this takes instead of one (valibot ships
 * ~2 kB gzip here) keeps the one-file bundle inside its budget. The reference server validates
 * requests with valibot.
 */

/** Checks `value` (found at `path`, dotted: `items.0.unitPrice`) and answers it typed, or throws a {@link SchemaIssue}. */
export type Schema<T> = (value: unknown, path: string) => T;

/** Where an answer broke the contract, and how. */
export class SchemaIssue extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (path: string, expected: string): never => {
  throw new SchemaIssue(path || '(root)', `expected ${expected}`);
};

export const string: Schema<string> = (value, path) => (typeof value === 'string' ? value : fail(path, 'a string'));

/** A string matching `pattern`, described as `what` in the issue. */
export const matching =
  (pattern: RegExp, what: string): Schema<string> =>
  (value, path) =>
    pattern.test(string(value, path)) ? (value as string) : fail(path, what);

/** A safe integer of at least `min`. */
export const integer =
  (min = Number.MIN_SAFE_INTEGER): Schema<number> =>
  (value, path) =>
    Number.isSafeInteger(value) && (value as number) >= min ? (value as number) : fail(path, `an integer ≥ ${min}`);

const isoTimestamp =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/** An ISO 8601 timestamp with a time zone (`2026-11-25T10:00:00.000Z`) on a day that exists. */
export const timestamp: Schema<string> = (value, path) => {
  const [, year, month, day] = isoTimestamp.exec(string(value, path)) ?? [];
  // The day of month against the month's length: engines roll 30 February over to March.
  return day &&
    !Number.isNaN(Date.parse(value as string)) &&
    +month! >= 1 &&
    +month! <= 12 &&
    +day >= 1 &&
    +day <= new Date(Date.UTC(+year!, +month!, 0)).getUTCDate()
    ? (value as string)
    : fail(path, 'an ISO 8601 timestamp');
};

export const oneOf =
  <T extends string>(values: readonly T[]): Schema<T> =>
  (value, path) =>
    values.includes(value as T) ? (value as T) : fail(path, `one of ${values.join(', ')}`);

export const optional =
  <T>(schema: Schema<T>): Schema<T | undefined> =>
  (value, path) =>
    value === undefined ? undefined : schema(value, path);

export const nullable =
  <T>(schema: Schema<T>): Schema<T | null> =>
  (value, path) =>
    value === null ? null : schema(value, path);

export const array =
  <T>(item: Schema<T>): Schema<T[]> =>
  (value, path) =>
    Array.isArray(value)
      ? value.map((entry, index) => item(entry, path ? `${path}.${index}` : String(index)))
      : fail(path, 'an array');

/** An object with these fields; fields not named are dropped, `undefined` ones left out. */
export const object =
  <T extends object>(shape: { [K in keyof T]-?: Schema<T[K]> }): Schema<T> =>
  (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object');
    const output: Record<string, unknown> = {};
    for (const key in shape) {
      const field = shape[key]((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (field !== undefined) output[key] = field;
    }
    return output as T;
  };

/** Runs `schema` without throwing. */
export function safeParse<T>(
  schema: Schema<T>,
  value: unknown,
): { success: true; output: T } | { success: false; issue: SchemaIssue } {
  try {
    return { success: true, output: schema(value, '') };
  } catch (error) {
    if (error instanceof SchemaIssue) return { success: false, issue: error };
    throw error;
  }
}
