import { request, type Storage } from './database.js';
import { seal, unseal, type Sealed } from './seal.js';
import type { StoredValue } from './types.js';

/**
 * Customers kept on the device at most (their record, first pages of orders and log, insights);
 * those least recently loaded from the network go first.
 */
export const maxCustomers = 50;
/** Characters of JSON kept on the device at most (about 5 MB), all customers together. */
export const maxChars = 5_000_000;

/** The size of each stored resource per customer, the customer stored least recently first. */
type Usage = [customerId: string, sizes: Record<string, number>][];

/** `usage` with `kind` of `customerId` stored now, in `size` characters; drops customers (and their records) past the caps. */
function used(usage: Usage, customerId: string, kind: string, size: number, records: IDBObjectStore): Usage {
  const sizes = { ...usage.find(([id]) => id === customerId)?.[1], [kind]: size };
  const next: Usage = [...usage.filter(([id]) => id !== customerId), [customerId, sizes]];
  const total = () => next.reduce((sum, [, kinds]) => Object.values(kinds).reduce((a, b) => a + b, sum), 0);
  // Never the customer just stored, which is last.
  while (next[1] && (next.length > maxCustomers || total() > maxChars)) {
    const [id] = next.shift()!;
    records.delete(IDBKeyRange.bound([id], [id, []]));
  }
  return next;
}

/** The resources kept per customer, sealed with `key` when there is one. */
export function createCache(storage: Storage, key: CryptoKey | undefined) {
  return {
    /** A different key (or none, or one now) than the records were stored with: drops them (not the outbox). */
    async checkKey() {
      // `!key`: true stored in the clear, false sealed; read back as `!key` only with the same key (or none again).
      const probe = await seal(!key, key);
      const old = await storage.safely(['meta'], 'readonly', (tx) =>
        request<Sealed>(tx.objectStore('meta').get('probe')),
      );
      if ((await unseal(old!, key).catch(() => undefined)) !== !key)
        await storage.safely(['meta', 'records'], 'readwrite', async (tx) => {
          tx.objectStore('records').clear();
          tx.objectStore('meta').delete('lru');
          tx.objectStore('meta').put(probe, 'probe');
        });
    },
    async read<T>(customerId: string, kind: string): Promise<StoredValue<T> | undefined> {
      const row = await storage.safely(['records'], 'readonly', (tx) =>
        request<{ v: Sealed; t: number } | undefined>(tx.objectStore('records').get([customerId, kind])),
      );
      const value = row && (await unseal<{ data: T; etag?: string }>(row.v, key).catch(() => undefined));
      return value && { ...value, storedAt: row.t };
    },
    async write(customerId: string, kind: string, value: { data: unknown; etag?: string | undefined }) {
      const row = { v: await seal(value, key), t: Date.now() };
      const size = JSON.stringify(value).length;
      // Soft: a record the device has no room for is not kept, and the outbox goes on being kept.
      await storage.safely(
        ['records', 'meta'],
        'readwrite',
        async (tx) => {
          const records = tx.objectStore('records');
          const meta = tx.objectStore('meta');
          records.put(row, [customerId, kind]);
          const usage = (await request<Usage | undefined>(meta.get('lru'))) ?? [];
          meta.put(used(usage, customerId, kind, size, records), 'lru');
        },
        true,
      );
    },
  };
}
