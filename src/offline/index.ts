/**
 * The offline engine: what an instance showed, kept per customer in IndexedDB, and the outbox of
 * writes that must land exactly once. Loaded by the stores only when `offline` is on.
 *
 * @module
 */
import { createCache } from './cache.js';
import { openStorage } from './database.js';
import { replayLock } from './lock.js';
import { createOutbox, createReplayer } from './outbox.js';
import type { OfflineContext, OfflineEngine, SendOutcome } from './types.js';

export { maxChars, maxCustomers } from './cache.js';

/** Opens the engine of one user's database; never rejects (a device that cannot store gives a memory engine). */
export async function openOffline({ name, key, handlers, online }: OfflineContext): Promise<OfflineEngine> {
  const storage = await openStorage(name, handlers.unavailable);
  const cache = createCache(storage, key);
  const outbox = createOutbox(storage, key, handlers);
  /** Set once another user's token came: nothing more is sent (see `clear`). */
  let left = false;
  const replay = createReplayer(outbox, handlers, replayLock(storage, name), () => !left && online());
  await cache.checkKey();
  // Writes of an earlier page (or of another tab) are shown, and sent.
  await outbox.reconcile();
  void replay();

  return {
    // The cache's read() and write(), the outbox's put() and remove().
    ...cache,
    ...outbox,
    async submit(record, replaces) {
      await outbox.put(record, replaces);
      return new Promise<SendOutcome>((resolve) => {
        outbox.awaiting.set(record.id, resolve);
        void replay();
      });
    },
    replay,
    async clear(keep) {
      // Leaving for another user: the send under way ends first, so its answer still takes it out of the database.
      if (keep) {
        left = true;
        await replay();
      }
      outbox.forget();
      await storage.wipe(keep);
    },
  };
}
