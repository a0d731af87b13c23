import { safeHttpUrl } from '../../core/safe-url.js';

/** A run of a body's text: plain, or an http(s) link whose `href` passed the allowlist. */
export type BodySegment = { text: string; href?: undefined } | { text: string; href: string };

// A candidate starts with http:// or https:// (not inside a word) and runs to the first space,
// angle bracket, quote or CJK punctuation; `javascript:`, `data:` and `//host` never match.
// (No lookbehind: Safari 16.0–16.3 lacks it; the character before is checked in code.)
const candidate = /https?:\/\/[^\s<>"'`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+/giu;
const wordCharacter = /[\p{L}\p{N}_]/u;
// Punctuation that ends a sentence rather than a URL (`see https://x.test/a.`).
const trailing = /[.,;:!?*_~]+$/;

/** Drops trailing punctuation and a closing bracket that has no opening one inside the URL. */
function trimCandidate(text: string): string {
  let url = text.replace(trailing, '');
  for (const [open, close] of ['()', '[]', '{}'] as const) {
    while (url.endsWith(close) && url.split(close).length > url.split(open).length) {
      url = url.slice(0, -1).replace(trailing, '');
    }
  }
  return url;
}

/**
 * Splits untrusted plain text into text and link segments, for rendering through Lit text
 * bindings: only absolute http(s) URLs become links, and only when `safeHttpUrl` accepts them.
 * The segments' texts joined give back `text` exactly; two plain segments never follow each other.
 */
export function linkify(text: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let last = 0;
  for (const match of text.matchAll(candidate)) {
    const start = match.index;
    const url = trimCandidate(match[0]);
    // A URL without a host (`https://`) or one the allowlist refuses stays plain text.
    const href = !wordCharacter.test(text[start - 1] ?? '') && safeHttpUrl(url);
    if (!href) continue;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push({ text: url, href });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

/**
 * The first part of `segments`: at most `maxLines` lines and about `maxChars` characters, never
 * cutting a link in two. Answers `undefined` when the whole text fits.
 */
export function excerpt(segments: BodySegment[], maxLines: number, maxChars: number): BodySegment[] | undefined {
  const full = segments.map((segment) => segment.text).join('');
  // Up to the newline that ends line `maxLines`, or `maxChars`, whichever comes first.
  const limit = Math.min(maxChars, full.split('\n', maxLines).join('\n').length);
  if (limit >= full.length) return undefined;
  const shown: BodySegment[] = [];
  let used = 0;
  for (const segment of segments) {
    if (used >= limit) break;
    // A link is kept whole; only the last plain text is cut.
    shown.push(segment.href ? segment : { text: segment.text.slice(0, limit - used) });
    used += segment.text.length;
  }
  const last = shown.at(-1);
  // Never half a surrogate pair, and no space before the ellipsis.
  if (last && !last.href) last.text = last.text.replace(/\s*[\ud800-\udbff]?$/, '');
  return shown;
}
