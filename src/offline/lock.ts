import { request, type Storage } from './database.js';

/** How long a replayer's lease lasts where there are no Web Locks; renewed before every send. */
const leaseMs = 15_000;

/**
 * One replayer per database across the tabs and webviews of an origin: a Web Lock, or where there
 * are none a lease record in the database (which `renew()` extends before each send).
 */
export function replayLock(storage: Storage, name: string | undefined) {
  const owner = Math.random();
  const locks = globalThis.navigator?.locks;

  /** Takes the lease for `ms` (0: lets it go) unless another instance holds it: 0 then, else how long to wait. */
  const lease = async (ms: number) =>
    (await storage.safely(['meta'], 'readwrite', async (tx) => {
      const now = Date.now();
      const meta = tx.objectStore('meta');
      const held = await request<{ owner: number; until: number } | undefined>(meta.get('lease'));
      if (held && held.owner !== owner && held.until > now) return held.until - now;
      meta.put({ owner, until: now + ms }, 'lease');
      return 0;
    })) ?? 0;

  return {
    /** Runs `work` as the only replayer; whoever holds the lock (or the lease) now replays first, then this one. */
    async exclusively(work: () => Promise<void>): Promise<void> {
      if (storage.mode === 'memory') return work();
      if (locks) return void (await locks.request(`crm-widgets/${name}`, work));
      for (let wait; (wait = await lease(leaseMs));)
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
      try {
        await work();
      } finally {
        await lease(0);
      }
    },
    async renew() {
      if (!locks) await lease(leaseMs);
    },
  };
}
