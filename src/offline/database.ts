// A few lines over IndexedDB instead of a helper library: idb-keyval cannot ask for
// `durability: 'strict'` (an outbox record must be on disk before its request leaves), and idb
// (about 1.2 kB gzip) wraps every object in a Proxy this code would not use, out of a 4 kB budget.
import { deleteDatabase } from '../core/delete-database.js';

/** The object stores: cached resources by `[customerId, kind]`, the outbox by `id`, and bookkeeping. */
export type StoreName = 'records' | 'outbox' | 'meta';

/** A request's result as a promise. */
export const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/**
 * Opens (and on first use creates) a user's database. Fails after 5 s: some webviews leave an open
 * request pending for good instead of failing it. Only the failure's name matters (`reasonOf`).
 * `deleted` hears when another instance deletes the database (its clearOfflineData).
 */
export function openDatabase(name: string, deleted: () => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    // Given up on (timed out, or blocked): a connection opened after that is closed at once.
    const giveUp = () => {
      open.onsuccess = () => open.result.close();
      reject();
    };
    const timer = setTimeout(giveUp, 5000);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore('records');
      db.createObjectStore('outbox', { keyPath: 'id' });
      db.createObjectStore('meta');
    };
    open.onsuccess = () => {
      const db = open.result;
      clearTimeout(timer);
      // Another tab deleting the database (clearOfflineData) must not wait for this one, nor find it
      // made again by this one's next write.
      db.onversionchange = (event) => {
        db.close();
        if (event.newVersion === null) deleted();
      };
      resolve(db);
    };
    open.onerror = () => reject(open.error);
    open.onblocked = giveUp;
  });
}

/**
 * Runs `work` in one transaction and resolves with its result once the transaction committed —
 * for a write, with `durability: 'strict'`, once it is on disk. `work` may await this database's
 * requests only (anything else would let the transaction close).
 */
export function transaction<T>(
  db: IDBDatabase,
  names: StoreName[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => Promise<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode, { durability: 'strict' });
    let result: T;
    work(tx).then(
      (value) => (result = value),
      (error: unknown) => {
        reject(error);
        try {
          tx.abort();
        } catch {
          // Already finished.
        }
      },
    );
    tx.oncomplete = () => resolve(result);
    // A failed request aborts the transaction with its error (`tx.error` is not set yet at its `error` event).
    tx.onabort = () => reject(tx.error);
  });
}

/** Why storing failed, in the terms of `crm-offline-unavailable`. */
export const reasonOf = (error: unknown, opening: boolean): 'blocked' | 'quota' | 'error' =>
  (error as Error | undefined)?.name === 'QuotaExceededError' ? 'quota' : opening ? 'blocked' : 'error';

/** A user's database, or memory once it failed. */
export interface Storage {
  readonly mode: 'device' | 'memory';
  /**
   * Runs `work` in a transaction, unless in memory; any failure switches to memory for good
   * (undefined), except with `soft` a full disk, which only skips this work (a cache write past the
   * quota must not stop the outbox being kept on the device).
   */
  safely<T>(
    names: StoreName[],
    mode: IDBTransactionMode,
    work: (tx: IDBTransaction) => Promise<T>,
    soft?: boolean,
  ): Promise<T | undefined>;
  /**
   * Closes the connection and deletes the database (`keep`: leaves it as it is, for its user's
   * next visit); from then on, memory only (nothing is stored again).
   */
  wipe(keep?: boolean): Promise<void>;
}

/**
 * Opens database `name` (none: memory only). Never rejects: a device that cannot store (no
 * IndexedDB, opening refused, any later failure) gives memory, and `unavailable` hears why, once;
 * so does another instance deleting the database.
 */
export async function openStorage(
  name: string | undefined,
  unavailable: (reason: 'missing' | 'blocked' | 'quota' | 'error') => void,
): Promise<Storage> {
  let connection: Promise<IDBDatabase> | undefined;
  let mode: 'device' | 'memory' = 'device';
  const toMemory = () => {
    mode = 'memory';
    void connection?.then(
      (db) => db.close(),
      () => undefined,
    );
    connection = undefined;
  };
  const fail = (reason: 'missing' | 'blocked' | 'quota' | 'error') => {
    if (mode === 'memory') return;
    toMemory();
    unavailable(reason);
  };

  // Another instance of this user signed out: this one's host did not ask, so it hears of it.
  const open = () => openDatabase(name!, () => fail('blocked'));
  let factory: IDBFactory | undefined;
  try {
    factory = indexedDB;
  } catch {
    // Reading it throws (SecurityError) in Firefox with cookies blocked, in a frame of another site too.
  }

  if (!name) fail('error');
  else if (!factory) fail('missing');
  else await (connection = open()).catch((error: unknown) => fail(reasonOf(error, true)));

  return {
    get mode() {
      return mode;
    },
    async safely(names, txMode, work, soft) {
      // Ends in memory: at once, after a failure, or after a wipe (which must not make the database again).
      for (let attempt = 0; mode === 'device'; attempt++) {
        try {
          return await transaction(await (connection ??= open()), names, txMode, work);
        } catch (error) {
          // WKWebView closes the connection of a page that went to the background ("the database
          // connection is closing", or Safari's "connection to Indexed Database server lost"): open
          // it again, once.
          if (attempt || !/^(InvalidState|Unknown)Error$/.test((error as Error | undefined)?.name ?? '')) {
            const reason = reasonOf(error, false);
            if (soft && reason === 'quota') return undefined;
            fail(reason);
          } else connection = undefined;
        }
      }
      return undefined;
    },
    async wipe(keep) {
      // Not `fail`: the host asked for it (no crm-offline-unavailable), and nothing is stored again.
      toMemory();
      if (name && !keep) await deleteDatabase(name);
    },
  };
}
