import type { Customer, CustomerPatch } from '../api/types.js';

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
   * Keystore, say). Without one, records are stored in the clear.
   */
  key?: CryptoKey;
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
   * `resolveEdit()` discards the changes or applies them again on top of it.
   */
  state: 'queued' | 'sending' | 'conflict';
  /** With `conflict`: the server's record. */
  current?: Customer;
}

/** What `resolveEdit()` does with a conflicting edit. */
export type EditResolution = 'discard' | 'reapply';
