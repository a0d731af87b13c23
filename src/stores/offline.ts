import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import { userOf, type ApiClient } from '../api/client.js';
import { deleteDatabase } from '../core/delete-database.js';
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
  /** The user's database (see `databaseName`); none when the token names no user (memory only). */
  name: string | undefined;
  /** That user (`userOf`): what waits is sent only with their token. */
  user: string;
}

/** The instance's offline state, and the link its stores use (none with `offline` off). */
export interface OfflineWiring {
  readonly $mode: ReadableAtom<OfflineMode>;
  readonly $outbox: ReadableAtom<OutboxCounts>;
  readonly device: DeviceLink | undefined;
  readonly kits: OfflineSetup['kits'];
  clear(): Promise<void>;
}

const noop = () => undefined;

/** This API's databases on the device, one per tenant and user, begin with this. */
const prefixOf = (baseUrl: string) => `crm-widgets/${new URL(baseUrl).host}/`;

/** The database of this API, tenant and user (the token's `tenant` and `sub` claims); none without both. */
function databaseName(baseUrl: string, { tenant, sub }: Record<string, unknown>): string | undefined {
  if (typeof tenant !== 'string' || typeof sub !== 'string') return undefined;
  return `${prefixOf(baseUrl)}${encodeURIComponent(tenant)}/${encodeURIComponent(sub)}`;
}

/**
 * Deletes every database of this API on the device: what `clearOfflineData()` does when no token
 * names the user (the provider fails, as at a sign-out after the session ran out), so that a
 * sign-out leaves nothing. Rejects where IndexedDB cannot list its databases (Firefox before 126).
 */
async function wipeAll(baseUrl: string): Promise<void> {
  for (const { name } of await indexedDB.databases())
    if (name?.startsWith(prefixOf(baseUrl))) await deleteDatabase(name);
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

  const { api, baseUrl } = context;
  let opening: Promise<OfflineFlows> | undefined;
  /** The user `opening` is for (`userOf` their token's claims). */
  let openedFor: string | undefined;
  /** Opens the token's user's flows, after `before` (the last user's leaving) is over. */
  const open = (before?: Promise<unknown>): Promise<OfflineFlows> => {
    const current: Promise<OfflineFlows> = Promise.resolve(before)
      .then(() => api.claims())
      .then(async (claims) => {
        const user = (openedFor = userOf(claims));
        // This user's database, unless it cannot be opened (the flows then say `memory`); the last
        // user's may have been cleared, or have failed.
        $mode.set('device');
        const code = await import('./offline-flows.js');
        return code.openFlows({ ...context, offline, $mode, $outbox, kits, name: databaseName(baseUrl, claims), user });
      })
      .catch((error: unknown) => {
        // No token yet (the provider failed): try again on next use.
        if (opening === current) opening = undefined;
        throw error;
      });
    return (opening = current);
  };
  const flows = () => opening ?? open();
  // Writes of an earlier page are sent without waiting for an element to need the device.
  queueMicrotask(() => void flows().catch(noop));
  // A new token: what waited for one is sent. A token of another user (signed in without a sign-out
  // before) closes the last user's database, kept with their unsent writes for their return, and
  // then opens this user's: one user's data and writes never go with another's token.
  const followUser = (claims: Record<string, unknown>) => {
    const last = opening;
    if (!last) return;
    if (userOf(claims) === openedFor) void last.then((opened) => opened.engine.replay('token'), noop);
    else void open(last.then((opened) => opened.leave(), noop)).catch(noop);
  };
  api.onToken(() => void api.claims().then(followUser, noop));
  const device: DeviceLink = {
    flows,
    read: <T>(customerId: string, kind: string) =>
      flows()
        .then((opened) => opened.engine.read<T>(customerId, kind))
        .catch(noop),
    write(customerId, kind, value) {
      void flows()
        .then((opened) => opened.engine.write(customerId, kind, value))
        .catch(noop);
    },
  };
  // Without the offline code (it failed to load), the user's database is deleted by name; without a
  // token naming the user, every user's of this API.
  const clear = () =>
    flows().then(
      (opened) => opened.clear(),
      () =>
        api.claims().then(
          async (claims) => {
            const name = databaseName(baseUrl, claims);
            if (name) await deleteDatabase(name);
          },
          () => wipeAll(baseUrl),
        ),
    );
  return { $mode, $outbox, device, kits, clear };
}
