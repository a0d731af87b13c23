import { DEV } from '../core/dev.js';
import { SchemaIssue, matching, object, oneOf, optional, safeParse, type Schema } from '../api/validate.js';

/** The largest message the bridge reads, in characters of JSON (64 KiB). */
export const maxMessageLength = 65_536;

/** A colour scheme the native host may ask for. */
export type BridgeTheme = 'light' | 'dark';

/** What a `config` message may carry. Every field is optional; later messages update earlier ones. */
export interface BridgeConfig {
  /** The CRM API's base URL; the page's own origin when left out (pages served over http(s) only). */
  baseUrl?: string;
  /** A BCP 47 locale for the elements (`en`, `zh-CN`). */
  locale?: string;
  theme?: BridgeTheme;
  /** Set as `customer-id` on every element marked `data-crm-bridge`. */
  customerId?: string;
  /** Keeps what the user saw and wrote on the device (`configure({ offline: true })`); off by default. */
  offline?: boolean;
  /**
   * With `offline`: raw AES-256 key material from the iOS Keychain or Android Keystore, in base64
   * (32 bytes), that seals what is stored. Imported as a non-extractable key and never kept in the
   * bridge's state.
   */
  offlineKey?: string;
}

/** A message from native code to the page, once validated. */
export type IncomingMessage =
  | { type: 'config'; payload: BridgeConfig }
  | { type: 'token'; id: string; payload: { token: string } }
  | { type: 'theme'; payload: { theme: BridgeTheme } }
  | { type: 'pause' | 'resume' | 'online' | 'offline' | 'signout' };

const theme = oneOf<BridgeTheme>(['light', 'dark']);
const boolean: Schema<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw new SchemaIssue(path, 'expected true or false');
  return value;
};
const version: Schema<1> = (value, path) => {
  if (value !== 1) throw new SchemaIssue(path, 'expected version 1');
  return 1;
};
const envelope = object<{ v: 1; type: IncomingMessage['type']; id?: string | undefined }>({
  v: version,
  type: oneOf(['config', 'token', 'theme', 'pause', 'resume', 'online', 'offline', 'signout']),
  id: optional(matching(/^[\w.:-]{1,64}$/, 'a short id')),
});
const payloads: Partial<Record<IncomingMessage['type'], Schema<object>>> = {
  config: object<BridgeConfig>({
    // An absolute http(s) URL; configure() then insists on https (http for localhost only).
    // Host, then an optional path: no two classes overlap, so no backtracking on hostile input.
    baseUrl: optional(matching(/^https?:\/\/[^\s/?#]{1,253}(?:[/?#]\S{0,2000})?$/i, 'an http(s) URL')),
    locale: optional(matching(/^[a-z]{2,3}(-[a-z\d]{1,8}){0,4}$/i, 'a BCP 47 tag')),
    theme: optional(theme),
    customerId: optional(matching(/^[\w-]{1,64}$/, 'a customer id')),
    offline: optional(boolean),
    // 32 bytes in base64 (or base64url): 43 characters and one `=` of padding.
    offlineKey: optional(matching(/^[A-Za-z0-9+/_-]{42}[AEIMQUYcgkosw048]=?$/, 'base64 of 32 bytes')),
  }),
  // Printable ASCII without spaces (what a header can carry), 8 KiB at most.
  token: object({ token: matching(/^[\x21-\x7e]{1,8192}$/, 'a token') }),
  theme: object({ theme }),
};

/**
 * Reads one incoming message — an object or its JSON text — into a checked message, or answers why
 * it was dropped. Never throws. The reason names the rule broken, never the message's content.
 * Objects go through JSON too: that measures them, and leaves only own plain data (no prototype,
 * getters or functions) to read. Production builds answer an empty reason (only dev warnings read it).
 */
export function parseMessage(input: unknown): IncomingMessage | string {
  const drop = (reason: () => string) => (DEV ? reason() : '');
  let text: string | undefined;
  try {
    text = typeof input === 'string' ? input : JSON.stringify(input);
  } catch {
    // A cycle or a BigInt.
  }
  if (text === undefined) return drop(() => 'it is not JSON data');
  // Measured before parsing, so a huge string costs nothing.
  if (text.length > maxMessageLength) return drop(() => 'it is larger than 64 KiB');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return drop(() => 'it is not JSON');
  }
  const head = safeParse(envelope, value);
  if (!head.success) return drop(() => `${head.issue.path}: ${head.issue.message}`);
  const { type, id } = head.output;
  const schema = payloads[type];
  const payload = schema && safeParse(schema, (value as { payload?: unknown }).payload);
  if (payload && !payload.success)
    return drop(() => `payload.${payload.issue.path}: ${payload.issue.message}`.replace('.(root)', ''));
  if (type === 'token' && !id) return drop(() => 'a token needs the id of its request');
  return { type, id, payload: payload?.output } as IncomingMessage;
}
