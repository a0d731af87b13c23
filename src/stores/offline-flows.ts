/**
 * What the stores do with `offline` on: contact entries and customer edits through the outbox, and
 * the counts and events the host hears. Loaded (with src/offline/) by a dynamic import from
 * stores/offline.ts only when `offline` is on.
 *
 * @module
 */
import type { CrmApiError } from '../api/errors.js';
import type { ContactEntry, Customer, CustomerPatch, NewContactEntry } from '../api/types.js';
import { CrmOfflineUnavailableEvent } from '../events/offline-unavailable-event.js';
import { CrmOutboxChangeEvent } from '../events/outbox-change-event.js';
import { openOffline } from '../offline/index.js';
import type {
  EditResolution,
  OfflineOptions,
  OfflineEngine,
  OutboxRecord,
  OutboxRoute,
  PendingEdit,
  SendOutcome,
} from '../offline/types.js';
import { newKey, type ContactKit, type ContactLogEntry } from './contacts.js';
import { patched, type CustomerKit } from './customers.js';
import type { OfflineSetup } from './offline.js';

/** The offline code of one instance, once its engine is open. */
export interface OfflineFlows {
  readonly engine: OfflineEngine;
  /** Sends an unsent entry (see `Crm.addContactEntry`) through the outbox. */
  submitContact(customerId: string, pendingId: string): Promise<ContactLogEntry>;
  updateCustomer(id: string, patch: CustomerPatch, options?: { base?: Customer }): Promise<Customer>;
  resolveEdit(id: string, resolution: EditResolution): Promise<void>;
  /** Wipes the device's data and the unsent writes in memory. */
  clear(): Promise<void>;
  /** Lets go of the device (its data stays for its user) and of the unsent writes in memory: another user signed in. */
  leave(): Promise<void>;
}

/** How one kind of outbox record is sent, what its outcomes do, and how it is forgotten. */
interface Route extends OutboxRoute {
  /** Stops showing the records `held` (by id): the engine's, not another user's engine's. */
  clear(held: ReadonlyMap<string, unknown>): void;
}

/** Contact entries through the outbox (sent as `user`); an entry's local id is `pending:` and its record's id. */
function contactFlows(kit: ContactKit, engine: () => OfflineEngine, user: string) {
  const pendingOf = (record: OutboxRecord) => `pending:${record.id}`;

  /** What an outcome means for an entry: the server's entry, the local one (queued), or the refusal (thrown). */
  async function settle(record: OutboxRecord, outcome: SendOutcome): Promise<ContactLogEntry> {
    const { customerId } = record;
    const pendingId = pendingOf(record);
    const local = kit.unsent.get(pendingId)?.local;
    if (outcome.state === 'queued') {
      kit.mark(customerId, pendingId, { pending: 'queued' });
      return { ...local!, pending: 'queued' };
    }
    if ('error' in outcome) throw kit.refuse(customerId, pendingId, outcome.error);
    // The log shows the server's entry already (see `post`).
    const answer = outcome.state === 'done' && (outcome.answer as ContactEntry | undefined);
    if (answer) return answer;
    // Sent by another tab, or taken by the server with an answer it should not have sent: the log shows it.
    kit.drop(customerId, pendingId);
    if (kit.logs.peek(customerId)?.mounted) void kit.logs.get(customerId).reload();
    return { ...local!, pending: undefined };
  }

  const route: Route = {
    send: (record) => kit.post(record.customerId, record.id, record.body, user),
    found(record) {
      if (!kit.unsent.has(pendingOf(record)))
        kit.show(record.customerId, record.id, record.body as NewContactEntry, record.at, 'queued');
    },
    sending: (record) => kit.mark(record.customerId, pendingOf(record), { pending: 'sending', error: undefined }),
    settle: (record, outcome) => void settle(record, outcome).catch(() => undefined),
    clear(held) {
      for (const [pendingId, { customerId, key }] of kit.unsent) if (held.has(key)) kit.drop(customerId, pendingId);
    },
  };

  async function submitContact(customerId: string, pendingId: string): Promise<ContactLogEntry> {
    const pending = kit.unsent.get(pendingId);
    if (pending?.customerId !== customerId) return kit.send(customerId, pendingId);
    const record: OutboxRecord = { id: pending.key, kind: 'contact', customerId, body: pending.entry, at: Date.now() };
    route.sending(record);
    return settle(record, await engine().submit(record));
  }

  return { route, submitContact };
}

/** A customer's edit in the outbox. */
type EditRecord = OutboxRecord & { body: CustomerPatch; base: Customer; ifMatch: string };

/** Customer edits through the outbox (sent as `user`): one per customer, shown on top of the server's record while on its way. */
function editFlows(kit: CustomerKit, engine: () => OfflineEngine, user: string) {
  /** A customer's edit, with its outbox record. */
  const editOf = (id: string) => kit.edits.get(id).get() as (PendingEdit & { record: EditRecord }) | undefined;

  /** Shows `record` as its customer's edit in `state` (none: the edit is gone), and the store the record with it. */
  function show(record: EditRecord, state?: PendingEdit['state'], error?: CrmApiError) {
    const id = record.customerId;
    kit.edits
      .get(id)
      .set(state && { patch: record.body, base: record.base, state, current: record.conflict, error, record });
    kit.refresh(id);
  }

  /**
   * What an outcome means for an edit (nothing once another one took its place). With `awaited`
   * (the first attempt, its caller still waiting), a refusal or conflict is thrown to the caller as
   * without offline; later, it becomes the edit's `failed` or `conflict` state, for the user to settle.
   */
  async function settle(record: EditRecord, outcome: SendOutcome, awaited?: boolean): Promise<Customer> {
    const id = record.customerId;
    const resource = kit.byId.get(id);
    // The cache holds a saved record already (see `save`).
    const answer = outcome.state === 'done' && (outcome.answer as Customer | undefined);
    if (editOf(id)?.record !== record) {
      // Replaced meanwhile.
    } else if (outcome.state === 'queued') show(record, 'queued');
    else if (!('error' in outcome)) {
      // Sent (by this instance or another), or taken by the server with an answer it should not have sent.
      show(record);
      if (!answer) void resource.reload();
    } else {
      // Refused or in conflict: the store shows the server's record, and reloads it without the edit.
      const conflict = outcome.state === 'conflict';
      show(
        record,
        awaited ? undefined : conflict ? 'conflict' : 'failed',
        conflict ? undefined : (outcome.error as CrmApiError),
      );
      if (awaited) await engine().remove(record.id);
      const error = conflict
        ? await kit.conflictOf(outcome.error as CrmApiError, resource, record.base)
        : outcome.error;
      if (awaited) throw error;
      // Settled (discarded, reapplied) or replaced while the server's record was on its way.
      if (conflict && editOf(id)?.record === record) {
        const kept = { ...record, conflict: (error as CrmApiError).current as Customer };
        show(kept, 'conflict');
        await engine().put(kept);
      }
    }
    return answer || (resource.peek()?.data ?? patched(record.base, record.body));
  }

  /** Shows a new edit, puts it in the outbox (in place of `replaces`) and settles its first attempt. */
  async function submit(
    id: string,
    patch: CustomerPatch,
    base: Customer,
    ifMatch: string,
    replaces?: string,
    awaited?: boolean,
  ) {
    const record: EditRecord = {
      id: newKey(),
      kind: 'edit',
      customerId: id,
      body: patch,
      base,
      ifMatch,
      at: Date.now(),
    };
    show(record, 'queued');
    return settle(record, await engine().submit(record, replaces), awaited);
  }

  const route: Route = {
    // The same request as a save made online, with the record's key: a lost answer is never applied twice.
    send: (record) => kit.save(record.customerId, record.body as CustomerPatch, record.ifMatch!, record.id, user),
    found: (record) => show(record as EditRecord, record.conflict ? 'conflict' : 'queued'),
    sending: (record) => show(record as EditRecord, 'sending'),
    settle: (record, outcome) => void settle(record as EditRecord, outcome).catch(() => undefined),
    clear(held) {
      for (const [[id]] of kit.edits.entries()) {
        const edit = editOf(id);
        if (edit && held.has(edit.record.id)) show(edit.record);
      }
    },
  };

  async function updateCustomer(id: string, patch: CustomerPatch, options?: { base?: Customer }) {
    // An edit made while the last one is on its way waits for that answer (the replay under way).
    while (editOf(id)?.state === 'sending') await engine().replay();
    const edit = editOf(id);
    // A second edit while the first waits joins it: one edit per customer.
    const queued = edit?.state === 'queued';
    const { base, ifMatch } = queued ? edit.record : await kit.versionToSave(kit.byId.get(id), options?.base);
    return submit(id, queued ? { ...edit.patch, ...patch } : patch, base, ifMatch, edit?.record.id, true);
  }

  async function resolveEdit(id: string, resolution: EditResolution): Promise<void> {
    const edit = editOf(id);
    if (!edit) return;
    if (resolution === 'discard') {
      show(edit.record);
      return engine().remove(edit.record.id);
    }
    // Again on top of the server's record: the one the user saw if this instance loaded it (with its
    // version), else the one shown.
    const current = kit.versions.has(edit.current!) ? edit.current : undefined;
    const { base, ifMatch } = await kit.versionToSave(kit.byId.get(id), current);
    await submit(id, edit.patch, base, ifMatch, edit.record.id);
  }

  return { route, updateCustomer, resolveEdit };
}

/** Tells the host, on `document`. */
const tell = (event: Event) => globalThis.document?.dispatchEvent(event);

/** Opens the instance's offline engine and connects it to the stores. */
export async function openFlows(setup: OfflineSetup): Promise<OfflineFlows> {
  const { signals, $mode, $outbox, kits, offline, name, user } = setup;
  // Used by the outcomes of sends, which come after the engine has opened.
  const engine = () => opened;
  const contacts = contactFlows(kits.contacts!, engine, user);
  const edits = editFlows(kits.customers!, engine, user);

  // A key that failed to arrive (the bridge could not import it) names no database: memory only, never
  // the clear. (`offline: true` has no key.)
  const key = await Promise.resolve((offline as OfflineOptions).key).catch(() => null);
  const opened = await openOffline({
    name: key === null ? undefined : name,
    key: key ?? undefined,
    online: () => signals.$online.get(),
    handlers: {
      contact: contacts.route,
      edit: edits.route,
      counts(counts) {
        // Built in the order of `$outbox`'s fields, so the two compare as text.
        if (JSON.stringify(counts) === JSON.stringify($outbox.get())) return;
        $outbox.set(counts);
        tell(new CrmOutboxChangeEvent(counts));
      },
      // Once: the storage then works in memory.
      unavailable(reason) {
        $mode.set('memory');
        tell(new CrmOfflineUnavailableEvent({ reason }));
      },
    },
  });
  // Whatever waits is sent at once when the device is back online, or the page is visible again
  // (also a webview's `resume`); and when a new token arrives (stores/offline.ts).
  // (After `leave`, the engine sends nothing more: these then do nothing.)
  const replay = (now: boolean) => now && opened.replay(true);
  signals.$online.listen(replay);
  signals.$visible.listen(replay);
  /** Ends what this instance shows of unsent writes, and its use of the device (`keep`: its data stays there). */
  async function close(keep?: boolean) {
    for (const { route } of [contacts, edits]) route.clear(opened.known);
    await opened.clear(keep);
  }

  return {
    engine: opened,
    // submitContact(), updateCustomer() and resolveEdit()
    ...contacts,
    ...edits,
    async clear() {
      await close();
      // Nothing is stored on the device any more (engine.clear()).
      $mode.set('memory');
    },
    leave: () => close(true),
  };
}
