// The card's edit form as plain data and functions, apart from rendering: what the inputs hold,
// which fields the user changed, and the reference API's rules (demo/server/validation.ts)
// checked before anything is sent.
import { fieldLimits, phonePattern } from '../../api/limits.js';
import type { Customer, CustomerPatch } from '../../api/types.js';

/** The fields the form edits, in form order. */
export const editFields = ['name', 'email', 'phone', 'tags'] as const;
export type EditField = (typeof editFields)[number];

/** The text of each input. Tags are one comma-separated text. */
export type Draft = Record<EditField, string>;

/**
 * Why a value cannot be saved; the card turns it into a sentence in the user's language (the
 * code names its message in `customerCard.problems`).
 */
export type FieldProblem =
  { code: 'required' | 'email' | 'phone' | 'server' } | { code: 'tooLong' | 'tooManyTags' | 'tagTooLong'; max: number };

export type FieldProblems = Partial<Record<EditField, FieldProblem>>;

/** A value as a patch carries it: text, tags, or `null` to clear. */
type Value = string | string[] | null;

// The server's limits, from the one definition it validates with; lengths in code points, as it counts.
const maxName = fieldLimits.customer.name.maxLength;
const maxEmail = fieldLimits.customer.email.maxLength;
const maxTags = fieldLimits.customer.tags.maxItems;
const maxTag = fieldLimits.customer.tag.maxLength;
// valibot's `email()` pattern, which the server applies.
const emailPattern = /^[\w+-]+(?:\.[\w+-]+)*@[\da-zA-Z]+(?:[.-][\da-zA-Z]+)*\.[a-zA-Z]{2,}$/u;

/** What the inputs show for `customer` when the form opens. */
export function draftOf(customer: Customer): Draft {
  return {
    name: customer.name,
    email: customer.email ?? '',
    phone: customer.phone ?? '',
    tags: customer.tags.join(', '),
  };
}

/** What the inputs show for `patch` made on `base` (an edit kept on the device, shown again). */
export function draftWith(base: Customer, patch: CustomerPatch): Draft {
  const draft = draftOf(base);
  for (const field of editFields) {
    const value = patch[field];
    if (value !== undefined) draft[field] = Array.isArray(value) ? value.join(', ') : (value ?? '');
  }
  return draft;
}

/** `a, b ,, c` → `['a', 'b', 'c']`: trimmed, empty ones dropped, repeats kept once. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * The fields the user changed since the form opened on `base`, as a patch. An input left as it
 * opened is unchanged even when its text would not round-trip (a stored tag holding a comma, a
 * name with spaces around it), so an untouched form never rewrites what it shows.
 */
export function changesOf(base: Customer, draft: Draft): CustomerPatch {
  const initial = draftOf(base);
  const patch: Record<string, Value> = {};
  for (const field of editFields) {
    const text = draft[field];
    if (text === initial[field]) continue;
    // Tags as a list; a name as trimmed text; email and phone trimmed, empty clears them.
    const value = field === 'tags' ? parseTags(text) : field === 'name' ? text.trim() : text.trim() || null;
    // JSON tells `['a, b']` from `['a', 'b']`, compares lists item by item, and an absent value is `null`.
    if (JSON.stringify(value) !== JSON.stringify(base[field] ?? null)) patch[field] = value;
  }
  return patch as CustomerPatch;
}

/** Checks a patch against the server's rules; an empty answer means it may be sent. */
export function problemsOf({ name, email, phone, tags }: CustomerPatch): FieldProblems {
  const problems: FieldProblems = {};
  if (name !== undefined) {
    if (!name) problems.name = { code: 'required' };
    else if ([...name].length > maxName) problems.name = { code: 'tooLong', max: maxName };
  }
  if (email) {
    if ([...email].length > maxEmail) problems.email = { code: 'tooLong', max: maxEmail };
    else if (!emailPattern.test(email)) problems.email = { code: 'email' };
  }
  if (phone && !phonePattern.test(phone)) problems.phone = { code: 'phone' };
  if (tags) {
    if (tags.length > maxTags) problems.tags = { code: 'tooManyTags', max: maxTags };
    else if (tags.some((tag) => [...tag].length > maxTag)) problems.tags = { code: 'tagTooLong', max: maxTag };
  }
  return problems;
}

/** The form field a server error names (`tags.3` → `tags`, see `CrmApiError.field`), if it is one of the form's. */
export function fieldOf(path: string | undefined): EditField | undefined {
  const first = path?.split('.')[0];
  return editFields.find((field) => field === first);
}
