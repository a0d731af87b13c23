/** A value as stored: in the clear (`p`), or sealed with AES-GCM (`iv` and ciphertext `c`). */
export type Sealed = { p: unknown } | { iv: Uint8Array<ArrayBuffer>; c: ArrayBuffer };

/** Seals `value` with `key` (a fresh 12-byte IV each time), or wraps it in the clear without one. */
export async function seal(value: unknown, key: CryptoKey | undefined): Promise<Sealed> {
  if (!key) return { p: value };
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const text = new TextEncoder().encode(JSON.stringify(value));
  return { iv, c: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, text) };
}

/** The value inside; rejects when it is sealed and `key` is missing or not the one it was sealed with. */
export async function unseal<T>(stored: Sealed, key: CryptoKey | undefined): Promise<T> {
  if ('p' in stored) return stored.p as T;
  // Without a key, decrypt() rejects (a TypeError).
  const text = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: stored.iv }, key!, stored.c);
  return JSON.parse(new TextDecoder().decode(text)) as T;
}
