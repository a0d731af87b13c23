import type { CrmApiError } from '../api/errors.js';
import type { Customer, CustomerPatch } from '../api/types.js';
import type { OutboxCounts } from '../events/outbox-change-event.js';

/**
 * Where an instance keeps what it shows and what it wrote: nowhere but memory as before (`off`),
 * on the device (`device`, IndexedDB), or in memory although `offline` was asked for (`memory`:
 * IndexedDB is missing, blocked or full; nothing survives a reload).
 */
export type OfflineMode = 'off' | 'device' | 'memory';

/** `offline` of `createCrm()` and `configure()` given as an object. */
export interface OfflineOptions {
  /**
   * Seals everything stored on the device with AES-GCM (a non-extractable key from the Keychain or
   * Keystore, say), or a promise of one (the webview bridge imports its key material). Without
   * one, records are stored in the clear. A promise that fails leaves the instance in memory.
   */
  key?: CryptoKey | PromiseLike<CryptoKey>;
}

/** A customer edit saved on the device and not yet confirmed by the server. */
export interface PendingEdit {
  /** The changes the user made. */
  patch: CustomerPatch;
  /** The record the changes were made on (its version is sent as `If-Match`). */
  base: Customer;
  /**
   * `queued`: kept on the device, waiting for the network; `sending`: on its way; `conflict`: the
   * record changed on the server since `base` (HTTP 412): `current` is the server's record, and
   * `resolveEdit()` discards the changes or applies them again on top of it; `failed`: sent from the
   * outbox and refused for good (400, 404, 422: `error` says why), out of the outbox and kept here
   * until the user discards it or applies it again.
   */
  state: 'queued' | 'sending' | 'conflict' | 'failed';
  /** With `conflict`: the server's record. */
  current?: Customer;
  /** With `failed`: the server's refusal. */
  error?: CrmApiError;
  /** @internal The edit's record in the outbox. */
  record?: OutboxRecord;
}

/** What `resolveEdit()` does with a conflicting edit. */
export type EditResolution = 'discard' | 'reapply';

/** What the device keeps of a resource: the value, its ETag, and when it was stored (ms epoch). */
export interface StoredValue<T = unknown> {
  data: T;
  etag?: string | undefined;
  storedAt: number;
}

/** The resources kept per customer: `customer`, `contacts`, `insights`, `orders` or `orders?status=…`. */
export type StoredKind = string;

/** A write waiting in the outbox. Its `id` is also its Idempotency-Key. */
export interface OutboxRecord {
  id: string;
  /** `contact`: a `NewContactEntry` to POST; `edit`: a `CustomerPatch` to PATCH with `If-Match`. */
  kind: 'contact' | 'edit';
  customerId: string;
  body: unknown;
  /** For edits: the record the changes were made on, and its version. */
  base?: Customer;
  ifMatch?: string;
  /** When it was written (ms epoch); the outbox sends in this order. */
  at: number;
  /** An edit the server refused with 412: its record then (kept until the user settles it). */
  conflict?: Customer;
}

/** How one attempt at sending a record ended. */
export type SendOutcome =
  | { state: 'done'; answer: unknown }
  | { state: 'refused'; error: unknown }
  | { state: 'conflict'; error: unknown }
  /** Not sent yet: no network, 5xx, 429, a token to renew, or another tab is sending. */
  | { state: 'queued' }
  /** No longer in the outbox: another tab or an earlier page sent it. */
  | { state: 'gone' };

/** How the stores send one kind of outbox record, and hear how it went. */
export interface OutboxRoute {
  /** Sends one record once (no retries of its own); resolves with the server's answer. */
  send(record: OutboxRecord): Promise<unknown>;
  /** A record this instance did not write now: from an earlier page, or another tab. */
  found(record: OutboxRecord): void;
  /** A record is being sent now. */
  sending(record: OutboxRecord): void;
  /** How a record nobody awaits (see `submit`) ended, or went back to waiting (`queued`). */
  settle(record: OutboxRecord, outcome: SendOutcome): void;
}

/** What the stores tell the offline engine, and hear from it: also the route of each kind of record. */
export interface OutboxHandlers extends Record<OutboxRecord['kind'], OutboxRoute> {
  /** The outbox's counts (perhaps unchanged). */
  counts(counts: OutboxCounts): void;
  /** The device cannot store (once): the engine goes on in memory. */
  unavailable(reason: 'missing' | 'blocked' | 'quota' | 'error'): void;
}

/** The offline engine of one instance (src/offline/index.ts), loaded only when `offline` is on. */
export interface OfflineEngine {
  /** The outbox's records it holds, by id. */
  readonly known: ReadonlyMap<string, unknown>;
  /** A resource as the device last stored it. */
  read<T>(customerId: string, kind: StoredKind): Promise<StoredValue<T> | undefined>;
  /** Stores a resource the network answered (least recently used customers go past the cap). */
  write(customerId: string, kind: StoredKind, value: { data: unknown; etag?: string | undefined }): Promise<void>;
  /**
   * Writes a record to the outbox (durably; in the same transaction deleting the record it
   * `replaces`) and tries to send it at once; resolves with how that first attempt ended (`queued`
   * if none was made).
   */
  submit(record: OutboxRecord, replaces?: string): Promise<SendOutcome>;
  /** Replaces a record kept in the outbox (a conflict and its server record). */
  put(record: OutboxRecord): Promise<void>;
  /** Takes a record out of the outbox (discarded by the user). */
  remove(id: string): Promise<void>;
  /**
   * Sends what waits; `true` now, for online or visible again (not after a 401 for a fresh token
   * too), `'token'` for a new token. Resolves once the replay under way (and the one asked for
   * meanwhile) is over.
   */
  replay(now?: true | 'token'): Promise<void>;
  /** Deletes the database (`keep`: closes it, for its user's next visit); the engine then works in memory, empty. */
  clear(keep?: boolean): Promise<void>;
}

/** What `openOffline()` needs. */
export interface OfflineContext {
  /** The database's name: one per API, tenant and user; none when the token names no user (memory only). */
  name: string | undefined;
  key?: CryptoKey | undefined;
  handlers: OutboxHandlers;
  /** Whether the device says it is online; a replay waits for it. */
  online(): boolean;
}
