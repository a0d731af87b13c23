/**
 * Deletes the IndexedDB database `name`. Resolves when it is gone, and also when other tabs still
 * hold it open (it goes once they close it) or when IndexedDB is missing or refused (nothing can be
 * stored there): a wipe never waits for good and never throws.
 */
export const deleteDatabase = (name: string): Promise<void> =>
  new Promise<void>((resolve) => {
    const deletion = indexedDB.deleteDatabase(name);
    deletion.onsuccess = deletion.onerror = deletion.onblocked = () => resolve();
  }).catch(() => undefined);
