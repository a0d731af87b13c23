import { CrmApiError } from '../api/errors.js';
import { contactEntrySchema, pageSchema } from '../api/schemas.js';
import type { ContactEntry, NewContactEntry } from '../api/types.js';
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
  add(customerId: string, entry: NewContactEntry): Promise<ContactEntry>;
  /** Sends an unsent entry of `customerId`'s log again, with its Idempotency-Key. */
  retry(customerId: string, pendingId: string): Promise<ContactEntry>;
  discard(customerId: string, pendingId: string): void;
}

/** A random UUID v4 (crypto.randomUUID needs a secure context, which a file:// webview may not be). */
function newKey(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How an entry written here shows in its log until the server confirms it. */
function localEntry(id: string, customerId: string, entry: NewContactEntry): ContactLogEntry {
  const now = new Date().toISOString();
  return {
    id,
    customerId,
    channel: entry.channel,
    direction: entry.direction ?? null,
    ...(entry.subject ? { subject: entry.subject } : {}),
    body: entry.body,
    author: { id: '', name: '' },
    occurredAt: entry.occurredAt ?? now,
    createdAt: now,
    pending: 'sending',
  };
}

export function createContactStores({ api, hooks }: StoreContext): ContactStores {
  const schema = pageSchema(contactEntrySchema);
  /** Entries written here and not confirmed yet, by their local id, with their Idempotency-Key. */
  const unsent = new Map<string, { customerId: string; key: string; entry: NewContactEntry }>();
  const logs = keyed(
    (customerId: string) => customerId,
    (customerId: string) =>
      createPagedResource<ContactLogEntry>(
        async (cursor, signal) => {
          const suffix = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
          return (await api.get(`${customerPath(customerId)}/contacts${suffix}`, schema, { signal })).data;
        },
        hooks,
        { isLocal: (entry) => entry.pending !== undefined },
      ),
  );

  const mark = (customerId: string, pendingId: string, change: Partial<ContactLogEntry>) =>
    logs.get(customerId).edit((items) => items.map((item) => (item.id === pendingId ? { ...item, ...change } : item)));

  async function send(customerId: string, pendingId: string): Promise<ContactEntry> {
    const pending = unsent.get(pendingId);
    if (pending?.customerId !== customerId) {
      throw new TypeError(`crm-widgets: no unsent contact entry ${pendingId} for ${customerId}.`);
    }
    mark(customerId, pendingId, { pending: 'sending', error: undefined });
    try {
      const { data } = await api.send('post', `${customerPath(customerId)}/contacts`, contactEntrySchema, {
        json: pending.entry,
        idempotencyKey: pending.key,
      });
      unsent.delete(pendingId);
      logs
        .get(customerId)
        .edit((items) => [data, ...items.filter((item) => item.id !== pendingId && item.id !== data.id)]);
      return data;
    } catch (error) {
      const crmError =
        error instanceof CrmApiError ? error : new CrmApiError('network', 'The request failed.', { cause: error });
      mark(customerId, pendingId, { pending: 'failed', error: crmError });
      throw crmError;
    }
  }

  return {
    logs,
    add(customerId, entry) {
      const pendingId = `pending:${newKey()}`;
      unsent.set(pendingId, { customerId, key: newKey(), entry });
      logs.get(customerId).edit((items) => [localEntry(pendingId, customerId, entry), ...items]);
      return send(customerId, pendingId);
    },
    retry: send,
    discard(customerId, pendingId) {
      if (unsent.get(pendingId)?.customerId === customerId) unsent.delete(pendingId);
      logs.get(customerId).edit((items) => items.filter((item) => item.id !== pendingId));
    },
  };
}
