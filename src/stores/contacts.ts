import { CrmApiError } from '../api/errors.js';
import { contactEntrySchema, pageSchema } from '../api/schemas.js';
import type { ContactEntry, NewContactEntry, Page } from '../api/types.js';
import type { SendOutcome } from '../offline/types.js';
import { customerPath, type StoreContext } from './context.js';
import { keyed, type Keyed } from './keyed.js';
import type { OutboxRoute } from './offline.js';
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
  /** How the outbox (offline on) sends this store's entries and reports on them. */
  readonly outbox: OutboxRoute;
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
function localEntry(id: string, customerId: string, entry: NewContactEntry, at = Date.now()): ContactLogEntry {
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
    pending: 'sending',
  };
}

/** An entry written here: its Idempotency-Key (its outbox record's id) is its local id's tail. */
interface Unsent {
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
    device?.failed(pendingId, false);
    logs.get(customerId).edit((items) => items.filter((item) => item.id !== pendingId));
  };
  const post = (customerId: string, key: string, entry: unknown) =>
    api.send('post', `${customerPath(customerId)}/contacts`, contactEntrySchema, {
      json: entry,
      idempotencyKey: key,
      // The outbox retries on its own schedule.
      ...(device && { retryLimit: 0 }),
    });

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
    device?.failed(pendingId, true);
    return crmError;
  }

  /** Sends an entry straight away (offline off, or the device could not be opened). */
  async function send(customerId: string, pendingId: string): Promise<ContactEntry> {
    const pending = unsentOf(customerId, pendingId);
    mark(customerId, pendingId, { pending: 'sending', error: undefined });
    try {
      return confirm(customerId, pendingId, (await post(customerId, pending.key, pending.entry)).data);
    } catch (error) {
      throw refuse(customerId, pendingId, error);
    }
  }

  /** What an outbox outcome means for an entry: the server's entry, the local one (queued), or the refusal. */
  function settle(customerId: string, pendingId: string, outcome: SendOutcome): ContactLogEntry | CrmApiError {
    const local = unsent.get(pendingId)?.local;
    if (outcome.state === 'queued') {
      mark(customerId, pendingId, { pending: 'queued' });
      return { ...local!, pending: 'queued' };
    }
    if (outcome.state === 'refused' || outcome.state === 'conflict')
      return refuse(customerId, pendingId, outcome.error);
    const answer = outcome.state === 'done' ? (outcome.answer as { data?: ContactEntry }).data : undefined;
    if (answer) return confirm(customerId, pendingId, answer);
    // Sent by another tab, or taken by the server with an answer it should not have sent: the log shows it.
    drop(customerId, pendingId);
    if (logs.peek(customerId)?.mounted) void logs.get(customerId).reload();
    return { ...local!, pending: undefined };
  }

  /** Sends an entry through the outbox: on the device first, then to the server. */
  async function submit(customerId: string, pendingId: string): Promise<ContactLogEntry> {
    const pending = unsentOf(customerId, pendingId);
    const engine = await device!.engine().catch(() => undefined);
    if (!engine) return send(customerId, pendingId);
    mark(customerId, pendingId, { pending: 'sending', error: undefined });
    device!.failed(pendingId, false);
    const record = { id: pending.key, kind: 'contact' as const, customerId, body: pending.entry, at: Date.now() };
    const result = settle(customerId, pendingId, await engine.submit(record));
    if (result instanceof CrmApiError) throw result;
    return result;
  }

  const outbox: OutboxRoute = {
    send: (record) => post(record.customerId, record.id, record.body),
    found(record) {
      const pendingId = `pending:${record.id}`;
      if (unsent.has(pendingId)) return;
      const entry = record.body as NewContactEntry;
      const local = { ...localEntry(pendingId, record.customerId, entry, record.at), pending: 'queued' as const };
      unsent.set(pendingId, { customerId: record.customerId, key: record.id, entry, local });
      logs.get(record.customerId).edit((items) => [local, ...items]);
    },
    sending: (record) => mark(record.customerId, `pending:${record.id}`, { pending: 'sending', error: undefined }),
    settle: (record, outcome) => void settle(record.customerId, `pending:${record.id}`, outcome),
    clear() {
      for (const [pendingId, { customerId }] of unsent) drop(customerId, pendingId);
    },
  };

  return {
    logs,
    add(customerId, entry) {
      const key = newKey();
      const pendingId = `pending:${key}`;
      const local = localEntry(pendingId, customerId, entry);
      unsent.set(pendingId, { customerId, key, entry, local });
      logs.get(customerId).edit((items) => [local, ...items]);
      return device ? submit(customerId, pendingId) : send(customerId, pendingId);
    },
    retry: (customerId, pendingId) => (device ? submit(customerId, pendingId) : send(customerId, pendingId)),
    discard(customerId, pendingId) {
      const pending = unsent.get(pendingId);
      if (pending?.customerId !== customerId) {
        logs.get(customerId).edit((items) => items.filter((item) => item.id !== pendingId));
        return;
      }
      drop(customerId, pendingId);
      void device
        ?.engine()
        .then((engine) => engine.remove(pending.key))
        .catch(() => undefined);
    },
    outbox,
  };
}
