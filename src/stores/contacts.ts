import { CrmApiError } from '../api/errors.js';
import { contactEntrySchema, pageSchema } from '../api/schemas.js';
import type { ContactEntry, NewContactEntry, Page } from '../api/types.js';
import { customerPath, type StoreContext } from './context.js';
import { keyed, type Keyed } from './keyed.js';
import { createPagedResource, type PagedResource } from './paged.js';

/** A contact-log entry as the log shows it: confirmed, or written here and not yet confirmed. */
export interface ContactLogEntry extends ContactEntry {
  /**
   * `sending` until the server confirms; `failed` (with `error`) if it refused — the text is kept;
   * `queued` (offline on) while it waits in the device's outbox for the network.
   */
  pending?: 'queued' | 'sending' | 'failed';
  error?: CrmApiError;
}

/** Customers' contact logs, with the entries written here and not yet confirmed. */
export interface ContactStores {
  readonly logs: Keyed<[customerId: string], PagedResource<ContactLogEntry>>;
  /** See `Crm.addContactEntry`. */
  add(customerId: string, entry: NewContactEntry): Promise<ContactLogEntry>;
  /** Sends an unsent entry of `customerId`'s log again, with its Idempotency-Key. */
  retry(customerId: string, pendingId: string): Promise<ContactLogEntry>;
  discard(customerId: string, pendingId: string): void;
  /** What the offline code (stores/offline-flows.ts) works with. */
  readonly kit: ContactKit;
}

/** The contact store's insides, for the offline code, which is loaded only when offline is on. */
export interface ContactKit {
  readonly logs: Keyed<[customerId: string], PagedResource<ContactLogEntry>>;
  /** Entries written here and not confirmed yet, by their local id (`pending:<key>`). */
  readonly unsent: Map<string, Unsent>;
  /**
   * Shows an entry written here (with Idempotency-Key `key`, at `at`) on top of its log until the
   * server confirms it; returns its local id.
   */
  show(customerId: string, key: string, entry: NewContactEntry, at?: number, pending?: 'queued'): string;
  /** Changes an entry of the log. */
  mark(customerId: string, pendingId: string, change: Partial<ContactLogEntry>): void;
  /** Takes an entry out of the log and out of `unsent`. */
  drop(customerId: string, pendingId: string): void;
  /** The entry stays, `failed`, with the error (as a CrmApiError, which it answers). */
  refuse(customerId: string, pendingId: string, error: unknown): CrmApiError;
  /** Sends an entry straight away (the device could not be opened). */
  send(customerId: string, pendingId: string): Promise<ContactEntry>;
  /** One POST of an entry with its key (as `user`, see RequestOptions); the server's entry then replaces the local one. */
  post(customerId: string, key: string, entry: unknown, user?: string): Promise<ContactEntry>;
}

/** A random UUID v4 (crypto.randomUUID needs a secure context, which a file:// webview may not be). */
export function newKey(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How an entry written here shows in its log until the server confirms it. */
function localEntry(
  id: string,
  customerId: string,
  entry: NewContactEntry,
  at: number,
  pending: ContactLogEntry['pending'],
): ContactLogEntry {
  const written = new Date(at).toISOString();
  return {
    id,
    customerId,
    channel: entry.channel,
    direction: entry.direction ?? null,
    ...(entry.subject ? { subject: entry.subject } : {}),
    body: entry.body,
    author: { id: '', name: '' },
    occurredAt: entry.occurredAt ?? written,
    createdAt: written,
    pending,
  };
}

/** An entry written here: its Idempotency-Key (its outbox record's id) is its local id's tail. */
export interface Unsent {
  customerId: string;
  key: string;
  entry: NewContactEntry;
  local: ContactLogEntry;
}

export function createContactStores({ api, hooks, device }: StoreContext): ContactStores {
  const schema = pageSchema(contactEntrySchema);
  /** Entries written here and not confirmed yet, by their local id (`pending:<key>`). */
  const unsent = new Map<string, Unsent>();
  const logs = keyed(
    (customerId: string) => customerId,
    (customerId: string) =>
      createPagedResource<ContactLogEntry>(
        async (cursor, signal) => {
          const suffix = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
          const page = (await api.get(`${customerPath(customerId)}/contacts${suffix}`, schema, { signal })).data;
          if (!cursor) device?.write(customerId, 'contacts', { data: page });
          return page;
        },
        hooks,
        {
          isLocal: (entry) => entry.pending !== undefined,
          ...(device && { stored: () => device.read<Page<ContactLogEntry>>(customerId, 'contacts') }),
        },
      ),
  );

  const mark = (customerId: string, pendingId: string, change: Partial<ContactLogEntry>) =>
    logs.get(customerId).edit((items) => items.map((item) => (item.id === pendingId ? { ...item, ...change } : item)));
  const drop = (customerId: string, pendingId: string) => {
    unsent.delete(pendingId);
    logs.get(customerId).edit((items) => items.filter((item) => item.id !== pendingId));
  };
  const post = async (customerId: string, key: string, entry: unknown, user?: string) => {
    const { data } = await api.send('post', `${customerPath(customerId)}/contacts`, contactEntrySchema, {
      json: entry,
      idempotencyKey: key,
      user,
      // The outbox retries on its own schedule.
      ...(device && { retryLimit: 0 }),
    });
    return confirm(customerId, `pending:${key}`, data);
  };

  function unsentOf(customerId: string, pendingId: string): Unsent {
    const pending = unsent.get(pendingId);
    if (pending?.customerId !== customerId) {
      throw new TypeError(`crm-widgets: no unsent contact entry ${pendingId} for ${customerId}.`);
    }
    return pending;
  }

  function confirm(customerId: string, pendingId: string, data: ContactEntry): ContactEntry {
    drop(customerId, pendingId);
    logs.get(customerId).edit((items) => [data, ...items.filter((item) => item.id !== data.id)]);
    return data;
  }

  function refuse(customerId: string, pendingId: string, error: unknown): CrmApiError {
    const crmError =
      error instanceof CrmApiError ? error : new CrmApiError('network', 'The request failed.', { cause: error });
    mark(customerId, pendingId, { pending: 'failed', error: crmError });
    return crmError;
  }

  /** Sends an entry straight away (offline off, or the device could not be opened). */
  async function send(customerId: string, pendingId: string): Promise<ContactEntry> {
    const pending = unsentOf(customerId, pendingId);
    mark(customerId, pendingId, { pending: 'sending', error: undefined });
    try {
      return await post(customerId, pending.key, pending.entry);
    } catch (error) {
      throw refuse(customerId, pendingId, error);
    }
  }

  function show(
    customerId: string,
    key: string,
    entry: NewContactEntry,
    at = Date.now(),
    pending: 'sending' | 'queued' = 'sending',
  ) {
    const pendingId = `pending:${key}`;
    const local = localEntry(pendingId, customerId, entry, at, pending);
    unsent.set(pendingId, { customerId, key, entry, local });
    logs.get(customerId).edit((items) => [local, ...items]);
    return pendingId;
  }

  const kit: ContactKit = { logs, unsent, show, mark, drop, refuse, send, post };
  // Offline on: through the outbox (the offline code, loaded on demand).
  const submit = (customerId: string, pendingId: string): Promise<ContactLogEntry> =>
    device
      ? device.flows().then(
          (flows) => flows.submitContact(customerId, pendingId),
          () => send(customerId, pendingId),
        )
      : send(customerId, pendingId);

  return {
    logs,
    add: (customerId, entry) => submit(customerId, show(customerId, newKey(), entry)),
    retry: submit,
    discard(customerId, pendingId) {
      const pending = unsent.get(pendingId);
      if (pending?.customerId !== customerId) {
        logs.get(customerId).edit((items) => items.filter((item) => item.id !== pendingId));
        return;
      }
      drop(customerId, pendingId);
      void device
        ?.flows()
        .then((flows) => flows.engine.remove(pending.key))
        .catch(() => undefined);
    },
    kit,
  };
}
