import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { ApiClient } from '../api/client.js';
import type { OutboxCounts } from '../events/outbox-change-event.js';
import type { OfflineMode, OfflineOptions, StoredValue } from '../offline/types.js';
import type { ContactKit } from './contacts.js';
import type { CustomerKit } from './customers.js';
import type { PlatformSignals } from './signals.js';
import type { OfflineFlows } from './offline-flows.js';

/** The device, as the stores of an instance with `offline` on see it. */
export interface DeviceLink {
  /** The offline code, loaded and opened on first use; rejects while the token names no one yet. */
  flows(): Promise<OfflineFlows>;
  /** A resource as stored on the device; `undefined` when there is none or the device is unavailable. */
  read<T>(customerId: string, kind: string): Promise<StoredValue<T> | undefined>;
  /** Stores what the network answered (in the background; a failure switches to memory). */
  write(customerId: string, kind: string, value: { data: unknown; etag?: string | undefined }): void;
}

/** What the offline code gets to work with. */
export interface OfflineSetup {
  offline: true | OfflineOptions;
  api: ApiClient;
  baseUrl: string;
  signals: PlatformSignals;
  $mode: WritableAtom<OfflineMode>;
  $outbox: WritableAtom<OutboxCounts>;
  /** The stores' insides; set once they exist, before the offline code is first used. */
  kits: { contacts?: ContactKit; customers?: CustomerKit };
}

/** The instance's offline state, and the link its stores use (none with `offline` off). */
export interface OfflineWiring {
  readonly $mode: ReadableAtom<OfflineMode>;
  readonly $outbox: ReadableAtom<OutboxCounts>;
  readonly device: DeviceLink | undefined;
  readonly kits: OfflineSetup['kits'];
  clear(): Promise<void>;
}

/**
 * Connects an instance to the device when `offline` is on. Everything that runs only then — the
 * outbox, IndexedDB, encryption — is behind a dynamic import, so bundlers split it off and a page
 * without `offline` never loads it.
 */
export function wireOffline(
  offline: boolean | OfflineOptions | undefined,
  context: { api: ApiClient; baseUrl: string; signals: PlatformSignals },
): OfflineWiring {
  const $mode = atom<OfflineMode>(offline ? 'device' : 'off');
  const $outbox = atom<OutboxCounts>({ queued: 0, sending: 0, failed: 0, conflicts: 0 });
  const kits: OfflineSetup['kits'] = {};
  if (!offline) return { $mode, $outbox, device: undefined, kits, clear: () => Promise.resolve() };

  let opening: Promise<OfflineFlows> | undefined;
  const flows = () =>
    (opening ??= import('./offline-flows.js')
      .then((code) => code.openFlows({ ...context, offline, $mode, $outbox, kits }))
      .catch((error: unknown) => {
        // No token yet (the provider failed): try again on next use.
        opening = undefined;
        throw error;
      }));
  // Writes of an earlier page are sent without waiting for an element to need the device.
  queueMicrotask(() => void flows().catch(() => undefined));
  const device: DeviceLink = {
    flows,
    read: <T>(customerId: string, kind: string) =>
      flows()
        .then((opened) => opened.engine.read<T>(customerId, kind))
        .catch(() => undefined),
    write(customerId, kind, value) {
      void flows()
        .then((opened) => opened.engine.write(customerId, kind, value))
        .catch(() => undefined);
    },
  };
  const clear = () =>
    flows().then(
      (opened) => opened.clear(),
      () => undefined,
    );
  return { $mode, $outbox, device, kits, clear };
}
