import { request, type Storage } from './database.js';
import type { replayLock } from './lock.js';
import { seal, unseal, type Sealed } from './seal.js';
import type { CrmApiError } from '../api/errors.js';
import type { OutboxHandlers, OutboxRecord, SendOutcome } from './types.js';

/** A record and its state; `failed`: refused, out of the database, kept until the user retries or discards it. */
type Item = { record: OutboxRecord; state: 'queued' | 'sending' | 'failed' | 'conflict' };
/** A record as stored: its id (its key) in the clear, the rest sealed. */
type Row = { id: string; v: Sealed };
type Outbox = ReturnType<typeof createOutbox>;

/**
 * The outbox's records: in the database (sealed) and, with their state, in memory (`known`), which
 * is all there is when the device cannot store.
 */
export function createOutbox(storage: Storage, key: CryptoKey | undefined, handlers: OutboxHandlers) {
  const known = new Map<string, Item>();
  /** First attempts whose callers wait (see `submit`). */
  const awaiting = new Map<string, (outcome: SendOutcome) => void>();
  /**
   * Every record this instance held, taken out since or not: a listing read before it took one out
   * must not bring that one back.
   */
  const seen = new Set<string>();
  let unreadable = 0;
  /** Holds `record`, waiting or in conflict (kept until the user settles it). */
  const hold = (record: OutboxRecord) => {
    seen.add(record.id);
    known.set(record.id, { record, state: record.conflict ? 'conflict' : 'queued' });
  };
  /** Runs `work` on the outbox's object store in one transaction (see `Storage.safely`). */
  const rows = <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => Promise<T>) =>
    storage.safely(['outbox'], mode, (tx) => work(tx.objectStore('outbox')));

  function counts() {
    // In the order of `OutboxCounts`' fields (the stores compare the counts as text).
    const tally = { queued: unreadable, sending: 0, failed: 0, conflicts: 0 };
    for (const { state } of known.values()) tally[state === 'conflict' ? 'conflicts' : state]++;
    handlers.counts(tally);
  }

  function settle(record: OutboxRecord, outcome: SendOutcome) {
    const resolve = awaiting.get(record.id);
    awaiting.delete(record.id);
    if (resolve) resolve(outcome);
    else handlers[record.kind].settle(record, outcome);
  }

  return {
    known,
    awaiting,
    counts,
    settle,
    /** Brings `known` in line with the database: records of earlier pages or other tabs, and records sent elsewhere. */
    async reconcile() {
      // Only these can have been sent elsewhere: one written meanwhile may not be in the listing yet.
      const listed = [...known];
      const listing = await rows('readonly', (store) => request<Row[]>(store.getAll()));
      if (!listing) return;
      const ids = new Set(listing.map((row) => row.id));
      unreadable = 0;
      for (const row of listing) {
        if (seen.has(row.id)) continue;
        const record = await unseal<OutboxRecord>(row.v, key).catch(() => undefined);
        // Sealed with another key: kept (and counted) until that key returns or the user wipes.
        if (!record) unreadable++;
        // Unless written here meanwhile.
        else if (!seen.has(row.id)) {
          hold(record);
          handlers[record.kind].found(record);
        }
      }
      for (const [id, item] of listed) {
        if (ids.has(id) || item.state === 'sending' || item.state === 'failed' || known.get(id) !== item) continue;
        known.delete(id);
        settle(item.record, { state: 'gone' });
      }
      counts();
    },
    /** Writes a record (in place of `replaces`); resolves once it is on disk (or storing failed: memory). */
    async put(record: OutboxRecord, replaces?: string) {
      const row: Row = { id: record.id, v: await seal(record, key) };
      await rows('readwrite', async (store) => {
        if (replaces) store.delete(replaces);
        store.put(row);
      });
      if (replaces) known.delete(replaces);
      hold(record);
      counts();
    },
    /** Takes a record out of the database, and out of memory unless it `failed` (refused, kept for the user). */
    async remove(id: string, failed?: boolean) {
      if (!failed) known.delete(id);
      counts();
      await rows('readwrite', async (store) => void store.delete(id));
    },
    forget() {
      known.clear();
      unreadable = 0;
      counts();
    },
  };
}

/**
 * Sends what waits, oldest first, one at a time, as the only replayer of the database; after a
 * failure waits (backoff, `Retry-After`, a new token) unless `replay(true)` ends the wait.
 */
export function createReplayer(
  outbox: Outbox,
  handlers: OutboxHandlers,
  lock: ReturnType<typeof replayLock>,
  online: () => boolean,
) {
  let failures = 0;
  /** Set while backing off: nothing is sent until it fires (or a signal ends the wait). */
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** After a 401 for a fresh token too: only a new token ends the wait (not a signal). */
  let tokenRefused = false;
  let running: Promise<void> | undefined;
  let again = false;

  /**
   * What a failed attempt means, from the error's kind and status (`CrmApiError`). `queued` waits:
   * a backoff, as long as `Retry-After` says, or after a 401 for a fresh token too, a new token.
   */
  function failed(error: unknown): Exclude<SendOutcome, { state: 'gone' }> {
    const { kind, status = 0, retryable, retryAfter } = (error ?? {}) as Partial<CrmApiError>;
    if (kind === 'conflict') return { state: 'conflict', error };
    // A definite refusal (400, 404, 409, 422…); 408 and 429 are retryable.
    if (kind === 'http' && status >= 400 && status < 500 && !retryable) return { state: 'refused', error };
    // The server took it (2xx) but its answer broke the contract: sending again would only replay it.
    if (kind === 'validation' && !retryable && status < 300) return { state: 'done', answer: undefined };
    // A token provider that failed is tried again (with backoff).
    if (kind === 'auth' && status === 401) tokenRefused = true;
    else {
      const delay = Math.min(30_000, retryAfter ?? 1000 * 2 ** failures++ * (0.5 + Math.random() / 2));
      timer = setTimeout(() => void replay(true), delay);
    }
    return { state: 'queued' };
  }

  /** One attempt at one record; false when the replay should stop (no network, no token). */
  async function attempt(item: Item): Promise<boolean> {
    const { record } = item;
    const route = handlers[record.kind];
    item.state = 'sending';
    outbox.counts();
    route.sending(record);
    let outcome: Exclude<SendOutcome, { state: 'gone' }>;
    try {
      outcome = { state: 'done', answer: await route.send(record) };
    } catch (error) {
      outcome = failed(error);
    }
    const { state } = outcome;
    if (state !== 'queued') failures = 0;
    if (state !== 'done') item.state = state === 'refused' ? 'failed' : state;
    // A record leaves the outbox only on a 2xx (a replayed one too) or a definite refusal (which
    // stays in memory, failed, until the user retries or discards it); a conflict stays until the
    // user settles it.
    if (state === 'done' || state === 'refused') await outbox.remove(record.id, state === 'refused');
    outbox.counts();
    outbox.settle(record, outcome);
    return state !== 'queued';
  }

  /**
   * Sends the oldest waiting record, then the next: the outbox is read again before each, so a
   * record another tab sent meanwhile (both replay under the lock, one after the other) is not.
   */
  async function drain() {
    while (online() && !tokenRefused && !timer) {
      await outbox.reconcile();
      const [item] = [...outbox.known.values()]
        .filter(({ state }) => state === 'queued')
        .sort((a, b) => a.record.at - b.record.at);
      if (!item) break;
      await lock.renew();
      if (!(await attempt(item))) break;
    }
  }

  /**
   * Sends what waits, unless waiting for the network, a token or `Retry-After`; `now` ends the wait
   * for `Retry-After` (a signal: online, visible), `token` the wait for a token too.
   */
  function replay(now?: boolean | 'token'): Promise<void> {
    if (now) {
      tokenRefused &&= now !== 'token';
      clearTimeout(timer);
      timer = undefined;
    }
    if (running) return ((again = true), running);
    again = false;
    running = lock
      .exclusively(drain)
      .catch(() => undefined)
      .then(() => {
        running = undefined;
        // Asked again meanwhile (a new write, a signal): one more pass, which also answers the waiting.
        if (again) return replay();
        outbox.awaiting.forEach((resolve) => resolve({ state: 'queued' }));
        outbox.awaiting.clear();
      });
    return running;
  }

  return replay;
}
