import { atom, type ReadableAtom } from 'nanostores';
import type { ApiClient } from '../api/client.js';
import { CrmOfflineUnavailableEvent } from '../events/offline-unavailable-event.js';
import { CrmOutboxChangeEvent, type OutboxCounts } from '../events/outbox-change-event.js';
import type {
  OfflineEngine,
  OfflineMode,
  OfflineOptions,
  OutboxHandlers,
  OutboxRecord,
  SendOutcome,
  StoredValue,
} from '../offline/types.js';
import type { PlatformSignals } from './live.js';

/** How a store's writes reach the outbox, and hear back from it. */
export interface OutboxRoute {
  send(record: OutboxRecord): Promise<unknown>;
  found(record: OutboxRecord): void;
  sending(record: OutboxRecord): void;
  settle(record: OutboxRecord, outcome: SendOutcome): void;
  /** Forgets every unsent write kept in memory (the device's data was wiped). */
  clear(): void;
}

/** The device, as the stores of an instance with `offline` on see it. */
export interface DeviceLink {
  /** The offline engine, loaded and opened on first use; rejects when the token names no one yet. */
  engine(): Promise<OfflineEngine>;
  /** A resource as stored on the device; `undefined` when there is none or the device is unavailable. */
  read<T>(customerId: string, kind: string): Promise<StoredValue<T> | undefined>;
  /** Stores what the network answered (in the background; failures switch to memory). */
  write(customerId: string, kind: string, value: { data: unknown; etag?: string | undefined }): void;
  /** Counts an entry or edit the server refused (kept in memory, shown as failed), or not any more. */
  failed(id: string, failed: boolean): void;
}

/** The instance's offline state, and the link its stores use (none with `offline` off). */
export interface OfflineWiring {
  readonly $mode: ReadableAtom<OfflineMode>;
  readonly $outbox: ReadableAtom<OutboxCounts>;
  readonly device: DeviceLink | undefined;
  /** Where each kind of outbox record goes; set once the stores exist. */
  routes: Partial<Record<OutboxRecord['kind'], OutboxRoute>>;
  clear(): Promise<void>;
}

const zero: OutboxCounts = { queued: 0, sending: 0, failed: 0, conflicts: 0 };

/** The database of this API, tenant and user (the token's `tenant` and `sub` claims); none without both. */
async function databaseName(api: ApiClient, baseUrl: string): Promise<string | undefined> {
  const { tenant, sub } = await api.claims();
  if (typeof tenant !== 'string' || typeof sub !== 'string') return undefined;
  return `crm-widgets/${new URL(baseUrl).host}/${encodeURIComponent(tenant)}/${encodeURIComponent(sub)}`;
}

/**
 * Connects an instance to the device when `offline` is on. The offline code is a dynamic import,
 * so bundlers split it off and a page without `offline` never loads it.
 */
export function wireOffline(
  offline: boolean | OfflineOptions | undefined,
  { api, baseUrl, signals }: { api: ApiClient; baseUrl: string; signals: PlatformSignals },
): OfflineWiring {
  const $mode = atom<OfflineMode>(offline ? 'device' : 'off');
  const $outbox = atom<OutboxCounts>(zero);
  const routes: OfflineWiring['routes'] = {};
  if (!offline) return { $mode, $outbox, device: undefined, routes, clear: () => Promise.resolve() };

  const key = typeof offline === 'object' ? offline.key : undefined;
  const failed = new Set<string>();
  let engineCounts = { queued: 0, sending: 0, conflicts: 0 };
  let unavailable = false;
  const publish = () => {
    const counts = { ...engineCounts, failed: failed.size };
    const last = $outbox.get();
    if ((Object.keys(counts) as (keyof OutboxCounts)[]).every((name) => counts[name] === last[name])) return;
    $outbox.set(counts);
    globalThis.document?.dispatchEvent(new CrmOutboxChangeEvent(counts));
  };
  const route = (record: OutboxRecord) => routes[record.kind]!;
  const handlers: OutboxHandlers = {
    send: (record) => route(record).send(record),
    found: (record) => route(record).found(record),
    sending: (record) => route(record).sending(record),
    settle: (record, outcome) => route(record).settle(record, outcome),
    counts(counts) {
      engineCounts = counts;
      publish();
    },
    unavailable(reason) {
      $mode.set('memory');
      if (unavailable) return;
      unavailable = true;
      globalThis.document?.dispatchEvent(new CrmOfflineUnavailableEvent({ reason }));
    },
  };

  let opening: Promise<OfflineEngine> | undefined;
  const engine = () =>
    (opening ??= (async () => {
      // A key that failed to arrive names no database: memory only, never the clear.
      const sealWith = await Promise.resolve(key).then(
        (value) => ({ value }),
        () => undefined,
      );
      const name = sealWith && (await databaseName(api, baseUrl));
      const { openOffline } = await import('../offline/index.js');
      const opened = await openOffline({ name, key: sealWith?.value, handlers, online: () => signals.$online.get() });
      // Whatever waits is sent at once when the device is back online, the page is visible again
      // (also a webview's `resume`), or a new token arrives (after a 401).
      const replay = (now: boolean) => now && opened.replay();
      signals.$online.listen(replay);
      signals.$visible.listen(replay);
      api.onToken(() => replay(true));
      return opened;
    })().catch((error: unknown) => {
      // No token yet (the provider failed): try again on next use.
      opening = undefined;
      throw error;
    }));
  // Writes of an earlier page are sent without waiting for an element to need the device.
  void engine().catch(() => undefined);

  const device: DeviceLink = {
    engine,
    read: <T>(customerId: string, kind: string) =>
      engine()
        .then((opened) => opened.read<T>(customerId, kind))
        .catch(() => undefined),
    write(customerId, kind, value) {
      void engine()
        .then((opened) => opened.write(customerId, kind, value))
        .catch(() => undefined);
    },
    failed(id, isFailed) {
      if (isFailed) failed.add(id);
      else failed.delete(id);
      publish();
    },
  };
  async function clear() {
    failed.clear();
    for (const kind of ['contact', 'edit'] as const) routes[kind]?.clear();
    await (await engine().catch(() => undefined))?.clear();
    publish();
  }
  return { $mode, $outbox, device, routes, clear };
}
