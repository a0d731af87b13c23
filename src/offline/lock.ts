import { request, type Storage } from './database.js';

/** How long a replayer's lease lasts where there are no Web Locks; renewed before every send. */
const leaseMs = 15_000;

/**
 * One replayer per database across the tabs and webviews of an origin: a Web Lock, or where there
 * are none a lease record in the database (which `renew()` extends before each send).
 */
export function replayLock(storage: Storage, name: string | undefined) {
  const owner = Math.random();
  const lockName = `crm-widgets/${name}`;

  /** The lease: 0 once this instance holds it, else how long to wait. */
  const takeLease = async () =>
    (await storage.safely(['meta'], 'readwrite', async (tx) => {
      const now = Date.now();
      const meta = tx.objectStore('meta');
      const lease = await request<{ owner: number; until: number } | undefined>(meta.get('lease'));
      if (lease && lease.owner !== owner && lease.until > now) return lease.until - now;
      meta.put({ owner, until: now + leaseMs }, 'lease');
      return 0;
    })) ?? 0;

  async function leased(work: () => Promise<void>) {
    for (let wait; (wait = await takeLease());)
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
    try {
      await work();
    } finally {
      await storage.safely(['meta'], 'readwrite', async (tx) => {
        const lease = await request<{ owner: number } | undefined>(tx.objectStore('meta').get('lease'));
        if (lease?.owner === owner) tx.objectStore('meta').delete('lease');
      });
    }
  }

  return {
    /** Runs `work` as the only replayer; whoever holds the lock now replays first, then this one. */
    async exclusively(work: () => Promise<void>): Promise<void> {
      const locks = globalThis.navigator?.locks;
      if (storage.mode === 'memory') return work();
      if (!locks) return leased(work);
      await locks.request(lockName, { ifAvailable: true }, (lock) => (lock ? work() : locks.request(lockName, work)));
    },
    async renew() {
      if (!globalThis.navigator?.locks) await takeLease();
    },
  };
}
