// The card's edit form as plain data and functions, apart from rendering: what the inputs hold,
// which fields the user changed, and the reference API's rules (demo/server/validation.ts)
// checked before anything is sent.
import type { Customer, CustomerPatch } from '../../api/types.js';

/** The fields the form edits, in form order. */
export const editFields = ['name', 'email', 'phone', 'tags'] as const;
export type EditField = (typeof editFields)[number];

/** The text of each input. Tags are one comma-separated text. */
export type Draft = Record<EditField, string>;

/** Why a value cannot be saved; the card turns it into a sentence in the user's language. */
export type FieldProblem =
  | { code: 'required' }
  | { code: 'tooLong'; max: number }
  | { code: 'email' }
  | { code: 'phone' }
  | { code: 'tooManyTags'; max: number }
  | { code: 'tagTooLong'; max: number }
  | { code: 'server' };

export type FieldProblems = Partial<Record<EditField, FieldProblem>>;

/** The server's limits (kept in step with `customerPatchSchema`). */
export const limits = { name: 200, email: 254, tags: 20, tag: 40 } as const;
// valibot's `email()` pattern, which the server applies.
const emailPattern = /^[\w+-]+(?:\.[\w+-]+)*@[\da-zA-Z]+(?:[.-][\da-zA-Z]+)*\.[a-zA-Z]{2,}$/u;
const phonePattern = /^\+?[0-9 ()\-.]{3,40}$/;

/** What the inputs show for `customer` when the form opens. */
export function draftOf(customer: Customer): Draft {
  return { name: customer.name, email: customer.email ?? '', phone: customer.phone ?? '', tags: customer.tags.join(', ') };
}

/** `a, b ,, c` → `['a', 'b', 'c']`: trimmed, empty ones dropped, repeats kept once. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((tag) => tag.trim()).filter(Boolean))];
}

/** The value a draft field stands for, as the patch would carry it (`null` clears). */
function valueOf(field: EditField, text: string): string | string[] | null {
  if (field === 'tags') return parseTags(text);
  const trimmed = text.trim();
  return field === 'name' ? trimmed : trimmed || null;
}

/** The value `customer` holds for a field, in the patch's terms. */
export function storedValue(customer: Customer, field: EditField): string | string[] | null {
  if (field === 'tags') return customer.tags;
  if (field === 'name') return customer.name;
  return customer[field] ?? null;
}

export function sameValue(a: string | string[] | null, b: string | string[] | null): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => item === b[index]);
  return a === b;
}

/**
 * The fields the user changed, as a patch. An input left as it opened is unchanged even when its
 * text would not round-trip (a stored tag holding a comma, a name with spaces around it), so an
 * untouched form never rewrites what it shows.
 */
export function changesOf(base: Customer, initial: Draft, draft: Draft): CustomerPatch {
  const patch: Record<string, string | string[] | null> = {};
  for (const field of editFields) {
    if (draft[field] === initial[field]) continue;
    const value = valueOf(field, draft[field]);
    if (!sameValue(value, storedValue(base, field))) patch[field] = value;
  }
  return patch as CustomerPatch;
}

/** Checks a patch against the server's rules; an empty answer means it may be sent. */
export function problemsOf(patch: CustomerPatch): FieldProblems {
  const problems: FieldProblems = {};
  if (patch.name !== undefined) {
    if (!patch.name) problems.name = { code: 'required' };
    else if (patch.name.length > limits.name) problems.name = { code: 'tooLong', max: limits.name };
  }
  if (typeof patch.email === 'string') {
    if (patch.email.length > limits.email) problems.email = { code: 'tooLong', max: limits.email };
    else if (!emailPattern.test(patch.email)) problems.email = { code: 'email' };
  }
  if (typeof patch.phone === 'string' && !phonePattern.test(patch.phone)) problems.phone = { code: 'phone' };
  if (patch.tags) {
    if (patch.tags.length > limits.tags) problems.tags = { code: 'tooManyTags', max: limits.tags };
    else if (patch.tags.some((tag) => tag.length > limits.tag)) problems.tags = { code: 'tagTooLong', max: limits.tag };
  }
  return problems;
}

/** The form field a server error points at (`tags.3` → `tags`), if it is one of the form's. */
export function fieldOf(pointer: string | undefined): EditField | undefined {
  const first = pointer?.replace(/^\//, '').split(/[./]/)[0];
  return editFields.find((field) => field === first);
}
