/**
 * The offline engine: what an instance showed, kept per customer in IndexedDB, and the outbox of
 * writes that must land exactly once. Loaded by the stores only when `offline` is on.
 *
 * @module
 */
import { deleteDatabase, openDatabase, reasonOf, request, transaction, type StoreName } from './database.js';
import { seal, unseal, type Sealed } from './seal.js';
import type { OfflineContext, OfflineEngine, OutboxRecord, SendOutcome } from './types.js';

/**
 * Customers kept on the device at most (their record, first pages of orders and log, insights);
 * those least recently loaded from the network go first.
 */
export const maxCustomers = 50;
/** Characters of JSON kept on the device at most (about 5 MB), all customers together. */
export const maxChars = 5_000_000;
/** How long a replayer's lease lasts where there are no Web Locks; renewed before every send. */
const leaseMs = 15_000;

type Item = { record: OutboxRecord; state: 'queued' | 'sending' | 'conflict' };
/** Per customer: when last shown, and the size of each stored resource. */
type Usage = Record<string, [usedAt: number, sizes: Record<string, number>]>;
type Row = { id: string; at: number; v: Sealed };

/** What to do after a failed attempt, from the error's kind and status (`CrmApiError`). */
function classify(error: unknown): SendOutcome | 'retry' | 'auth' {
  const { kind, status = 0, retryable } = (error ?? {}) as { kind?: string; status?: number; retryable?: boolean };
  if (kind === 'conflict') return { state: 'conflict', error };
  if (kind === 'auth') return 'auth';
  // A definite refusal (400, 404, 409, 422…); 408 and 429 are retryable.
  if (kind === 'http' && status >= 400 && status < 500 && !retryable) return { state: 'refused', error };
  // The server took it (2xx) but its answer broke the contract: sending again would only replay it.
  if (kind === 'validation' && !retryable && status < 300) return { state: 'done', answer: undefined };
  return 'retry';
}

/** Opens the engine of one user's database; never rejects (a device that cannot store gives a memory engine). */
export async function openOffline(context: OfflineContext): Promise<OfflineEngine> {
  const { name, key, handlers } = context;
  let connection: Promise<IDBDatabase> | undefined;
  let mode: 'device' | 'memory' = 'device';
  const known = new Map<string, Item>();
  const awaiting = new Map<string, (outcome: SendOutcome) => void>();
  let unreadable = 0;
  let failures = 0;
  /** No send before this time (ms epoch): backing off, or waiting for a token (Infinity). */
  let notBefore = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const owner = Math.random();

  function fail(reason: 'missing' | 'blocked' | 'quota' | 'error') {
    if (mode === 'memory') return;
    mode = 'memory';
    void connection?.then((db) => db.close()).catch(() => undefined);
    connection = undefined;
    handlers.unavailable(reason);
  }

  async function run<T>(names: StoreName[], txMode: IDBTransactionMode, work: (tx: IDBTransaction) => Promise<T>) {
    for (let attempt = 0; ; attempt++) {
      connection ??= openDatabase(name!);
      try {
        return await transaction(await connection, names, txMode, work);
      } catch (error) {
        // WKWebView closes the connection of a page that went to the background ("the database
        // connection is closing"): open it again, once.
        if (attempt > 0 || (error as Error | undefined)?.name !== 'InvalidStateError') throw error;
        connection = undefined;
      }
    }
  }

  /** Storage work, unless in memory; any failure switches to memory for good. */
  async function safely<T>(names: StoreName[], txMode: IDBTransactionMode, work: (tx: IDBTransaction) => Promise<T>) {
    if (mode === 'memory') return undefined;
    try {
      return await run(names, txMode, work);
    } catch (error) {
      fail(reasonOf(error, false));
      return undefined;
    }
  }

  const store = (tx: IDBTransaction, name: StoreName) => tx.objectStore(name);

  function counts() {
    const tally = { queued: unreadable, sending: 0, conflicts: 0 };
    for (const { state } of known.values()) tally[state === 'conflict' ? 'conflicts' : state]++;
    handlers.counts(tally);
  }

  function settle(item: Item, outcome: SendOutcome) {
    const resolve = awaiting.get(item.record.id);
    awaiting.delete(item.record.id);
    if (resolve) resolve(outcome);
    else handlers.settle(item.record, outcome);
  }

  /** A different key (or none, or one now) than the records were stored with: drop them, keep the outbox. */
  async function checkKey() {
    const probe = await seal('crm-widgets', key);
    const old = await safely(['meta'], 'readonly', (tx) => request<Sealed | undefined>(store(tx, 'meta').get('probe')));
    const same = old && 'p' in old === !key && (await unseal(old, key).catch(() => undefined)) === 'crm-widgets';
    if (!same)
      await safely(['meta', 'records'], 'readwrite', async (tx) => {
        store(tx, 'records').clear();
        store(tx, 'meta').delete('usage');
        store(tx, 'meta').put(probe, 'probe');
      });
  }

  /** Brings `known` in line with the database: records of earlier pages or other tabs, and records sent elsewhere. */
  async function reconcile() {
    const rows = await safely(['outbox'], 'readonly', (tx) => request<Row[]>(store(tx, 'outbox').getAll()));
    if (!rows) return;
    const ids = new Set(rows.map((row) => row.id));
    unreadable = 0;
    for (const row of rows) {
      if (known.has(row.id)) continue;
      const record = await unseal<OutboxRecord>(row.v, key).catch(() => undefined);
      // Sealed with another key: kept (and counted) until that key returns or the user wipes.
      if (!record) unreadable++;
      else if (!known.has(row.id)) {
        known.set(row.id, { record, state: record.conflict ? 'conflict' : 'queued' });
        handlers.found(record);
      }
    }
    for (const [id, item] of known) {
      if (ids.has(id) || item.state === 'sending') continue;
      known.delete(id);
      settle(item, { state: 'gone' });
    }
    counts();
  }

  /** Writes a record to the outbox; resolves once it is on disk (or when storing failed: memory). */
  async function put(record: OutboxRecord, replaces?: string) {
    const row: Row = { id: record.id, at: record.at, v: await seal(record, key) };
    await safely(['outbox'], 'readwrite', async (tx) => {
      if (replaces) store(tx, 'outbox').delete(replaces);
      store(tx, 'outbox').put(row);
    });
    if (replaces) known.delete(replaces);
    known.set(record.id, { record, state: record.conflict ? 'conflict' : 'queued' });
    counts();
  }

  async function remove(id: string) {
    known.delete(id);
    counts();
    await safely(['outbox'], 'readwrite', async (tx) => void store(tx, 'outbox').delete(id));
  }

  /** The lease where Web Locks are missing: 0 once this instance holds it, else how long to wait. */
  const takeLease = async () =>
    (await safely(['meta'], 'readwrite', async (tx) => {
      const now = Date.now();
      const lease = await request<{ owner: number; until: number } | undefined>(store(tx, 'meta').get('lease'));
      if (lease && lease.owner !== owner && lease.until > now) return lease.until - now;
      store(tx, 'meta').put({ owner, until: now + leaseMs }, 'lease');
      return 0;
    })) ?? 0;

  /** Runs `work` as this database's only replayer, across tabs and webviews of the origin. */
  async function exclusively(work: () => Promise<void>): Promise<void> {
    const lockName = `crm-widgets/${name}`;
    const locks = globalThis.navigator?.locks;
    if (mode === 'memory') return work();
    // Whoever holds it is replaying now; this instance waits its turn, then sends what is still left.
    if (locks)
      return locks.request(lockName, { ifAvailable: true }, (lock) => (lock ? work() : locks.request(lockName, work)));
    for (let wait; (wait = await takeLease());)
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
    try {
      await work();
    } finally {
      await safely(['meta'], 'readwrite', async (tx) => {
        const lease = await request<{ owner: number } | undefined>(store(tx, 'meta').get('lease'));
        if (lease?.owner === owner) store(tx, 'meta').delete('lease');
      });
    }
  }

  /** One attempt at one record; false when the replay should stop (the network or the token is not there). */
  async function attempt(item: Item): Promise<boolean> {
    item.state = 'sending';
    counts();
    handlers.sending(item.record);
    let outcome: SendOutcome | 'retry' | 'auth';
    try {
      outcome = { state: 'done', answer: await handlers.send(item.record) };
    } catch (error) {
      outcome = classify(error);
      // After a 401 for a fresh token too, nothing is sent until a new token (or a signal) comes;
      // otherwise backoff, or as long as the server asked (`Retry-After`), 30 s at most.
      if (outcome === 'auth') notBefore = Infinity;
      if (outcome === 'retry') {
        const { retryAfter } = error as { retryAfter?: number };
        const delay = Math.min(30_000, retryAfter ?? 1000 * 2 ** failures++ * (0.5 + Math.random() / 2));
        notBefore = Date.now() + delay;
        timer = setTimeout(() => void replay(true), delay);
      }
    }
    if (typeof outcome === 'string') {
      item.state = 'queued';
      counts();
      settle(item, { state: 'queued' });
      return false;
    }
    failures = 0;
    // A record leaves the outbox only on a 2xx (a replayed one too) or a definite refusal; a
    // conflict stays until the user settles it.
    if (outcome.state === 'conflict') item.state = 'conflict';
    else await remove(item.record.id);
    counts();
    settle(item, outcome);
    return true;
  }

  async function drain() {
    if (!context.online() || Date.now() < notBefore) return;
    await reconcile();
    for (const item of [...known.values()].sort((a, b) => a.record.at - b.record.at)) {
      if (item.state === 'conflict' || known.get(item.record.id) !== item) continue;
      // Sent by another tab since this one listed it (both replay under the same lock, one after the other).
      const there = await safely(['outbox'], 'readonly', (tx) => request(store(tx, 'outbox').count(item.record.id)));
      if (there === 0) {
        known.delete(item.record.id);
        settle(item, { state: 'gone' });
        continue;
      }
      if (!globalThis.navigator?.locks) await takeLease();
      if (!(await attempt(item))) break;
    }
    counts();
  }

  /** Sends what waits, unless waiting for the network, a token or `Retry-After`; `now` ends that wait. */
  function replay(now = false): Promise<void> {
    if (now) {
      notBefore = 0;
      clearTimeout(timer);
    }
    if (running) return ((again = true), running);
    again = false;
    running = exclusively(drain)
      .catch(() => undefined)
      .then(() => {
        running = undefined;
        // Asked again meanwhile (a new write, a signal): one more pass, which also answers the waiting.
        if (again) return replay();
        for (const [id, resolve] of awaiting) {
          awaiting.delete(id);
          resolve({ state: 'queued' });
        }
      });
    return running;
  }

  if (!name) fail('error');
  else if (typeof indexedDB === 'undefined') fail('missing');
  else {
    connection = openDatabase(name);
    await connection.catch((error: unknown) => fail(reasonOf(error, true)));
  }
  await checkKey();
  await reconcile();
  void replay();

  return {
    get mode() {
      return mode;
    },
    async read<T>(customerId: string, kind: string) {
      const row = await safely(['records'], 'readonly', (tx) =>
        request<{ v: Sealed; t: number } | undefined>(store(tx, 'records').get([customerId, kind])),
      );
      const value = row && (await unseal<{ data: T; etag?: string }>(row.v, key).catch(() => undefined));
      return value && { ...value, storedAt: row.t };
    },
    async write(customerId, kind, value) {
      const row = { v: await seal(value, key), t: Date.now() };
      const size = JSON.stringify(value).length;
      await safely(['records', 'meta'], 'readwrite', async (tx) => {
        const records = store(tx, 'records');
        const meta = store(tx, 'meta');
        records.put(row, [customerId, kind]);
        const usage = (await request<Usage | undefined>(meta.get('usage'))) ?? {};
        (usage[customerId] ??= [0, {}])[0] = row.t;
        usage[customerId][1][kind] = size;
        const total = () =>
          Object.values(usage).reduce((sum, [, sizes]) => sum + Object.values(sizes).reduce((a, b) => a + b, 0), 0);
        // Least recently shown customers go first, never the one just stored.
        for (const id of Object.keys(usage).sort((a, b) => usage[a]![0] - usage[b]![0])) {
          if (Object.keys(usage).length <= maxCustomers && total() <= maxChars) break;
          if (id === customerId) continue;
          delete usage[id];
          records.delete(IDBKeyRange.bound([id], [id, []]));
        }
        meta.put(usage, 'usage');
      });
    },
    async submit(record, replaces) {
      await put(record, replaces);
      const outcome = new Promise<SendOutcome>((resolve) => awaiting.set(record.id, resolve));
      void replay();
      return outcome;
    },
    put,
    remove,
    replay: () => replay(true),
    async clear() {
      known.clear();
      unreadable = 0;
      counts();
      const open = connection;
      connection = undefined;
      await open?.then((db) => db.close()).catch(() => undefined);
      if (name && typeof indexedDB !== 'undefined') await deleteDatabase(name).catch(() => undefined);
    },
  };
}
