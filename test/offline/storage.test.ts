// A device that cannot store (no IndexedDB, opening refused, a failing write, a full disk): the
// instance goes on in memory, tells the host once, and throws nothing.
import { expect, waitUntil } from '@open-wc/testing';
import type { ContactEntry, NewContactEntry } from '../../src/api/types.js';
import type { CrmOfflineUnavailableEvent } from '../../src/events/offline-unavailable-event.js';
import { json, sampleCustomer } from '../helpers/fake-fetch.js';
import { databaseOf, deleteDatabases, freshTenant, offlineCrm, outboxIs, rows } from './helpers.js';

const id = 'c_1042';
const entry: NewContactEntry = { channel: 'note', body: 'Visited the site.' };
const saved: ContactEntry = {
  id: 'e_1',
  customerId: id,
  channel: 'note',
  direction: null,
  body: entry.body,
  author: { id: 'u_1', name: 'Li Wei' },
  occurredAt: '2026-11-02T09:00:00.000Z',
  createdAt: '2026-11-02T09:00:00.000Z',
};

/** Redefines `name` of `target` as `descriptor` says until the returned function puts it back. */
function redefine<T extends object>(target: T, name: keyof T & string, descriptor: PropertyDescriptor): () => void {
  const own = Object.getOwnPropertyDescriptor(target, name);
  Object.defineProperty(target, name, { configurable: true, ...descriptor });
  return () => (own ? Object.defineProperty(target, name, own) : delete (target as Record<string, unknown>)[name]);
}

/** Replaces `name` of `target` with `value` until the returned function puts it back. */
const stub = <T extends object>(target: T, name: keyof T & string, value: unknown) =>
  redefine(target, name, { writable: true, value });

/** Collects `crm-offline-unavailable` reasons until `stop()`. */
function unavailableReasons() {
  const reasons: string[] = [];
  const listener = (event: CrmOfflineUnavailableEvent) => reasons.push(event.reason);
  document.addEventListener('crm-offline-unavailable', listener);
  return { reasons, stop: () => document.removeEventListener('crm-offline-unavailable', listener) };
}

/**
 * An instance whose storage fails as `breakStorage` makes it; checks it still works in memory, that
 * clearOfflineData() resolves, and that nothing reaches the page as an unhandled rejection.
 */
async function worksInMemory(breakStorage: () => () => void, reason: string) {
  const tenant = freshTenant();
  const heard = unavailableReasons();
  const unhandled: unknown[] = [];
  const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
  addEventListener('unhandledrejection', onUnhandled);
  const restore = breakStorage();
  try {
    let reachable = false;
    const { crm, net, signals } = offlineCrm(tenant, () => {
      if (!reachable) throw new TypeError('Failed to fetch');
      return json(saved, { status: 201 });
    });
    // Unreachable: kept in memory and sent once back; nothing thrown on the way.
    const queued = await crm.addContactEntry(id, entry);
    expect(queued.pending).to.equal('queued');
    await waitUntil(() => crm.$offline.get() === 'memory', `still ${crm.$offline.get()}`);
    await outboxIs(crm, { queued: 1 });
    reachable = true;
    signals.$online.set(false);
    signals.$online.set(true);
    await outboxIs(crm, { queued: 0, sending: 0 });
    const keys = net.requests
      .filter((request) => request.method === 'POST')
      .map((r) => r.headers.get('Idempotency-Key'));
    expect(new Set(keys).size).to.equal(1);
    // Told once, however many writes fail.
    await crm.addContactEntry(id, entry);
    await crm.clearOfflineData();
    expect(crm.$offline.get()).to.equal('memory');
    expect(heard.reasons).to.deep.equal([reason]);
    // A rejection nobody handled is reported a task later.
    await new Promise((resolve) => setTimeout(resolve));
    expect(unhandled).to.deep.equal([]);
  } finally {
    restore();
    heard.stop();
    removeEventListener('unhandledrejection', onUnhandled);
  }
}

describe('offline storage failures', () => {
  afterEach(deleteDatabases);

  it('works in memory without IndexedDB, and says so (missing)', () =>
    worksInMemory(() => stub(window, 'indexedDB' as never, undefined), 'missing'));

  it('works in memory when reading indexedDB throws, as in Firefox with cookies blocked (missing)', () =>
    worksInMemory(
      () =>
        redefine(window, 'indexedDB' as never, {
          get() {
            throw new DOMException('The operation is insecure.', 'SecurityError');
          },
        }),
      'missing',
    ));

  it('works in memory when opening is refused, as in a private window (blocked)', () =>
    worksInMemory(
      () =>
        stub(indexedDB, 'open', () => {
          const request = {} as IDBOpenDBRequest & { error: DOMException };
          request.error = new DOMException('A mutation operation was attempted on a database.', 'InvalidStateError');
          setTimeout(() => request.onerror?.(new Event('error')));
          return request;
        }),
      'blocked',
    ));

  it('works in memory when opening and deleting throw, as in a sandboxed iframe (blocked)', () =>
    worksInMemory(() => {
      const insecure = () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      };
      const restore = [stub(indexedDB, 'open', insecure), stub(indexedDB, 'deleteDatabase', insecure)];
      return () => restore.forEach((undo) => undo());
    }, 'blocked'));

  it('works in memory when a write fails (error)', () =>
    worksInMemory(
      () =>
        stub(IDBObjectStore.prototype, 'put', () => {
          throw new DOMException('An internal error was encountered.', 'UnknownError');
        }),
      'error',
    ));

  it('works in memory when the disk is full (quota)', () =>
    worksInMemory(
      () =>
        stub(IDBObjectStore.prototype, 'put', () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }),
      'quota',
    ));

  for (const [name, message] of [
    ['InvalidStateError', 'The database connection is closing.'],
    ['UnknownError', 'Connection to Indexed Database server lost. Refresh the page to try again'],
  ])
    it(`opens the database again once when WKWebView closed its connection in the background (${name})`, async () => {
      const tenant = freshTenant();
      const { crm, signals } = offlineCrm(tenant, () => json(saved, { status: 201 }));
      signals.$online.set(false);
      await crm.addContactEntry(id, entry);
      const transaction = IDBDatabase.prototype.transaction;
      let thrown = 0;
      const restore = stub(
        IDBDatabase.prototype,
        'transaction',
        function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
          if (thrown++ === 0) throw new DOMException(message, name);
          return transaction.apply(this, args);
        },
      );
      try {
        await crm.addContactEntry(id, { ...entry, body: 'Second visit.' });
      } finally {
        restore();
      }
      expect(thrown).to.be.greaterThan(1);
      expect(crm.$offline.get()).to.equal('device');
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(2);
    });

  it('keeps the outbox on the device when a record to cache does not fit (quota), without a word to the host', async () => {
    const tenant = freshTenant();
    const heard = unavailableReasons();
    const { crm, signals } = offlineCrm(tenant, () => json(sampleCustomer, { headers: { ETag: '"v1"' } }));
    const put = IDBObjectStore.prototype.put;
    let refused = 0;
    const restore = stub(IDBObjectStore.prototype, 'put', function (this: IDBObjectStore, ...args: [unknown]) {
      if (this.name !== 'records') return put.apply(this, args);
      refused++;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    try {
      // The customer is not kept on the device; a write made afterwards is.
      await crm.reloadCustomer(id);
      await waitUntil(() => refused > 0, 'the customer was never stored');
      signals.$online.set(false);
      await crm.addContactEntry(id, entry);
      expect(crm.$offline.get()).to.equal('device');
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
      expect(heard.reasons).to.deep.equal([]);
    } finally {
      restore();
      heard.stop();
    }
  });
});
