// Instances with `offline` on over a fake fetch, their databases, and a look inside them.
import { waitUntil } from '@open-wc/testing';
import { atom, type WritableAtom } from 'nanostores';
import { createCrm, type Crm, type CrmOptions } from '../../src/stores/crm.js';
import { fakeFetch, fakeJwt, type FakeFetch, type FakeHandler } from '../helpers/fake-fetch.js';

export const baseUrl = 'https://crm.example.com/';

/** A tenant nobody else uses, so each test has a database of its own. */
export const freshTenant = (): string => `t_${Math.random().toString(36).slice(2, 10)}`;

/** The database an instance of `tenant` and `user` keeps its data in. */
export const databaseOf = (tenant: string, user = 'u_1'): string => `crm-widgets/crm.example.com/${tenant}/${user}`;

export interface OfflineInstance {
  crm: Crm;
  net: FakeFetch;
  signals: { $visible: WritableAtom<boolean>; $online: WritableAtom<boolean> };
  /** What getToken hands out next; each call counted. */
  token: { value: string; calls: number };
}

const made: string[] = [];

/** An instance with `offline` on for `tenant`'s `user`, answering requests with `handler`. */
export function offlineCrm(
  tenant: string,
  handler: FakeHandler,
  options: Partial<CrmOptions> & { user?: string } = {},
): OfflineInstance {
  const { user = 'u_1', ...rest } = options;
  made.push(databaseOf(tenant, user));
  const net = fakeFetch(handler);
  const signals = { $visible: atom(true), $online: atom(true) };
  const token = { value: fakeJwt({ sub: user, tenant, scope: 'crm:read crm:write', exp: 4_000_000_000 }), calls: 0 };
  const crm = createCrm({
    baseUrl,
    getToken: () => (token.calls++, token.value),
    fetch: net.fetch,
    live: false,
    signals,
    offline: true,
    ...rest,
  });
  return { crm, net, signals, token };
}

/** Opens a database if it exists, without making it (which would leave the SDK a database without stores). */
const openIfThere = (name: string) =>
  new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => open.transaction!.abort();
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  }).catch(() => undefined);

/** Whether a database of that name exists. */
export async function exists(name: string): Promise<boolean> {
  const db = await openIfThere(name);
  db?.close();
  return db !== undefined;
}

/** Every row of `store` in `name` (or its keys), read through a connection of the test's own. */
export async function rows(name: string, store: 'records' | 'outbox' | 'meta', keys = false): Promise<unknown[]> {
  const db = await openIfThere(name);
  if (!db) return [];
  try {
    if (!db.objectStoreNames.contains(store)) return [];
    return await new Promise<unknown[]>((resolve, reject) => {
      const objects = db.transaction(store).objectStore(store);
      const request = keys ? objects.getAllKeys() : objects.getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** Waits for the instance's outbox counts to read `counts`. */
export const outboxIs = (crm: Crm, counts: Partial<Record<'queued' | 'sending' | 'failed' | 'conflicts', number>>) =>
  waitUntil(
    () => Object.entries(counts).every(([name, value]) => crm.$outbox.get()[name as 'queued'] === value),
    `outbox never reached ${JSON.stringify(counts)}: ${JSON.stringify(crm.$outbox.get())}`,
    // Backoff waits up to a second or two between tries.
    { timeout: 8000 },
  );

/** Has `deleteDatabases` delete `name` too (a database the test made otherwise, or another user's). */
export const deleteAfterwards = (name: string): number => made.push(name);

/** Deletes every database the tests made. */
export async function deleteDatabases(): Promise<void> {
  await Promise.all(
    made.splice(0).map(
      (name) =>
        new Promise<void>((resolve) => {
          const deletion = indexedDB.deleteDatabase(name);
          deletion.onsuccess = deletion.onerror = deletion.onblocked = () => resolve();
        }),
    ),
  );
}
