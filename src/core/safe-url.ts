/**
 * Customer data is untrusted: a URL from it is used only if it is absolute http(s). Anything else
 * (`javascript:`, `data:`, relative paths) is dropped.
 */
export function safeHttpUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** An email address fit for a `mailto:` link, or `undefined`. */
export function safeEmail(text: string | undefined): string | undefined {
  return text && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(text) ? text : undefined;
}

/** A phone number as a `tel:` target: `+` and digits only, or `undefined`. */
export function telTarget(text: string | undefined): string | undefined {
  const digits = text?.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return digits && /\d{3,}/.test(digits) ? digits : undefined;
}
