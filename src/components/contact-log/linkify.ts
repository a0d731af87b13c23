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
  for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
    while (url.endsWith(close) && url.split(close).length > url.split(open).length) {
      url = url.slice(0, -1).replace(trailing, '');
    }
  }
  return url;
}

/**
 * Splits untrusted plain text into text and link segments, for rendering through Lit text
 * bindings: only absolute http(s) URLs become links, and only when `safeHttpUrl` accepts them.
 * The segments' texts joined give back `text` exactly.
 */
export function linkify(text: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let last = 0;
  const push = (part: string) => {
    if (!part) return;
    const previous = segments[segments.length - 1];
    if (previous && previous.href === undefined) previous.text += part;
    else segments.push({ text: part });
  };
  for (const match of text.matchAll(candidate)) {
    const start = match.index ?? 0;
    const url = trimCandidate(match[0]);
    if (start > 0 && wordCharacter.test(text[start - 1]!)) continue;
    // A URL without a host (`https://`) or one the allowlist refuses stays plain text.
    const href = safeHttpUrl(url);
    if (!href) continue;
    push(text.slice(last, start));
    segments.push({ text: url, href });
    last = start + url.length;
  }
  push(text.slice(last));
  return segments;
}

/**
 * The first part of `segments`: at most `maxLines` lines and about `maxChars` characters, never
 * cutting a link in two. Answers `undefined` when the whole text fits.
 */
export function excerpt(segments: BodySegment[], maxLines: number, maxChars: number): BodySegment[] | undefined {
  const full = segments.map((segment) => segment.text).join('');
  let limit = Math.min(full.length, maxChars);
  let newlines = 0;
  for (let index = 0; index < limit; index++) {
    if (full[index] === '\n' && ++newlines === maxLines) {
      limit = index;
      break;
    }
  }
  if (limit >= full.length) return undefined;
  const shown: BodySegment[] = [];
  let used = 0;
  for (const segment of segments) {
    if (used >= limit) break;
    if (segment.href !== undefined) {
      shown.push(segment);
      used += segment.text.length;
    } else {
      // Do not split a surrogate pair.
      let end = limit - used;
      const code = segment.text.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
      const part = segment.text.slice(0, end);
      shown.push({ text: part });
      used += part.length;
    }
  }
  const last = shown[shown.length - 1];
  if (last && last.href === undefined) last.text = last.text.replace(/\s+$/, '');
  return shown;
}
