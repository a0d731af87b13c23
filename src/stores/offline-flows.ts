/**
 * What the stores do with `offline` on: contact entries and customer edits through the outbox, and
 * the counts and events the host hears. Loaded (with src/offline/) by a dynamic import from
 * stores/offline.ts only when `offline` is on.
 *
 * @module
 */
import type { ApiResponse } from '../api/client.js';
import type { CrmApiError } from '../api/errors.js';
import { customerSchema } from '../api/schemas.js';
import type { ContactEntry, Customer, CustomerPatch, NewContactEntry } from '../api/types.js';
import { CrmOfflineUnavailableEvent } from '../events/offline-unavailable-event.js';
import { CrmOutboxChangeEvent } from '../events/outbox-change-event.js';
import { openOffline } from '../offline/index.js';
import type {
  EditResolution,
  OfflineEngine,
  OutboxRecord,
  OutboxRoute,
  PendingEdit,
  SendOutcome,
} from '../offline/types.js';
import { newKey, type ContactKit, type ContactLogEntry } from './contacts.js';
import { customerPath } from './context.js';
import { patched, type CustomerKit } from './customers.js';
import type { OfflineSetup } from './offline.js';

/** The offline code of one instance, once its engine is open. */
export interface OfflineFlows {
  readonly engine: OfflineEngine;
  /** Sends an unsent entry (see `Crm.addContactEntry`) through the outbox. */
  submitContact(customerId: string, pendingId: string): Promise<ContactLogEntry>;
  /** The user gave up on an unsent entry. */
  discardContact(pendingId: string, key: string): Promise<void>;
  updateCustomer(id: string, patch: CustomerPatch, options?: { base?: Customer }): Promise<Customer>;
  resolveEdit(id: string, resolution: EditResolution): Promise<void>;
  /** Wipes the device's data and the unsent writes in memory. */
  clear(): Promise<void>;
}

/** How one kind of outbox record is sent, what its outcomes do, and how it is forgotten. */
interface Route extends OutboxRoute {
  clear(): void;
}

/** The database of this API, tenant and user (the token's `tenant` and `sub` claims); none without both. */
async function databaseName({ api, baseUrl }: OfflineSetup): Promise<string | undefined> {
  const { tenant, sub } = await api.claims();
  if (typeof tenant !== 'string' || typeof sub !== 'string') return undefined;
  return `crm-widgets/${new URL(baseUrl).host}/${encodeURIComponent(tenant)}/${encodeURIComponent(sub)}`;
}

/** Resolves once `$edit` is not being sent (an edit made meanwhile waits for that answer). */
const notSending = ($edit: { subscribe(listener: (edit: PendingEdit | undefined) => void): () => void }) =>
  new Promise<void>((resolve) => {
    const stop = $edit.subscribe((edit) => {
      if (edit?.state === 'sending') return;
      queueMicrotask(() => stop());
      resolve();
    });
  });

/** Contact entries through the outbox. */
function contactFlows(kit: ContactKit, failed: (id: string, isFailed: boolean) => void, engine: () => OfflineEngine) {
  /** What an outcome means for an entry: the server's entry, the local one (queued), or the refusal. */
  function settle(customerId: string, pendingId: string, outcome: SendOutcome): ContactLogEntry | CrmApiError {
    const local = kit.unsent.get(pendingId)?.local;
    if (outcome.state === 'queued') {
      kit.mark(customerId, pendingId, { pending: 'queued' });
      return { ...local!, pending: 'queued' };
    }
    if (outcome.state === 'refused' || outcome.state === 'conflict') {
      failed(pendingId, true);
      return kit.refuse(customerId, pendingId, outcome.error);
    }
    failed(pendingId, false);
    const answer = outcome.state === 'done' ? (outcome.answer as { data?: ContactEntry }).data : undefined;
    if (answer) return kit.confirm(customerId, pendingId, answer);
    // Sent by another tab, or taken by the server with an answer it should not have sent: the log shows it.
    kit.drop(customerId, pendingId);
    if (kit.logs.peek(customerId)?.mounted) void kit.logs.get(customerId).reload();
    return { ...local!, pending: undefined };
  }

  const route: Route = {
    send: (record) => kit.post(record.customerId, record.id, record.body),
    found(record) {
      if (!kit.unsent.has(`pending:${record.id}`))
        kit.show(record.customerId, record.id, record.body as NewContactEntry, record.at, 'queued');
    },
    sending: (record) => kit.mark(record.customerId, `pending:${record.id}`, { pending: 'sending', error: undefined }),
    settle: (record, outcome) => void settle(record.customerId, `pending:${record.id}`, outcome),
    clear() {
      for (const [pendingId, { customerId }] of kit.unsent) kit.drop(customerId, pendingId);
    },
  };

  async function submitContact(customerId: string, pendingId: string): Promise<ContactLogEntry> {
    const pending = kit.unsent.get(pendingId);
    if (pending?.customerId !== customerId) return kit.send(customerId, pendingId);
    const record = { id: pending.key, kind: 'contact' as const, customerId, body: pending.entry, at: Date.now() };
    route.sending(record);
    failed(pendingId, false);
    const result = settle(customerId, pendingId, await engine().submit(record));
    if (result instanceof Error) throw result;
    return result;
  }

  async function discardContact(pendingId: string, key: string) {
    failed(pendingId, false);
    await engine().remove(key);
  }

  return { route, submitContact, discardContact };
}

/** What happens to a customer's edit: shown, forgotten, or settled by an outcome. */
function editOutcomes(
  kit: CustomerKit,
  failed: (id: string, isFailed: boolean) => void,
  engine: () => OfflineEngine,
  records: Map<string, OutboxRecord>,
) {
  /** Shows `record` as the customer's edit in `state`, and the store the record with it. */
  function track(record: OutboxRecord, edit: Partial<PendingEdit>) {
    records.set(record.customerId, record);
    kit.edits
      .get(record.customerId)
      .set({ patch: record.body as CustomerPatch, base: record.base!, state: 'queued', ...edit });
    kit.refresh(record.customerId);
  }

  /** Drops a customer's edit from memory (the outbox has let it go). */
  function forget(id: string) {
    const record = records.get(id);
    if (record) failed(record.id, false);
    records.delete(id);
    kit.edits.get(id).set(undefined);
    kit.refresh(id);
  }

  /**
   * What an outcome means for an edit. With `awaited` (the first attempt, its caller still waiting),
   * a refusal or conflict is thrown to the caller as without offline; later, it becomes the edit's
   * `failed` or `conflict` state, for the user to settle.
   */
  async function settle(record: OutboxRecord, outcome: SendOutcome, awaited = false): Promise<Customer> {
    const id = record.customerId;
    const resource = kit.byId.get(id);
    const answer = outcome.state === 'done' ? (outcome.answer as ApiResponse<Customer> | undefined) : undefined;
    const local = () => resource.peek()?.data ?? patched(record.base!, record.body as CustomerPatch);
    if (records.get(id) !== record) return local();
    if (outcome.state === 'queued') track(record, { state: 'queued' });
    else if (answer) {
      kit.fromServer(id, kit.versioned(answer.data, answer.etag));
      forget(id);
    } else if (outcome.state === 'done' || outcome.state === 'gone') {
      forget(id);
      void resource.reload();
    } else if (awaited) {
      forget(id);
      await engine().remove(record.id);
      throw outcome.state === 'conflict'
        ? await kit.conflictOf(outcome.error as CrmApiError, resource, record.base!)
        : outcome.error;
    } else if (outcome.state === 'refused') {
      track(record, { state: 'failed', error: outcome.error as CrmApiError });
      failed(record.id, true);
    } else {
      // The server's record, as the cache holds it (with its version) once reloaded without the edit.
      track(record, { state: 'conflict' });
      const current = (await kit.conflictOf(outcome.error as CrmApiError, resource, record.base!)).current as Customer;
      track({ ...record, conflict: current }, { state: 'conflict', current });
      await engine().put(records.get(id)!);
    }
    return answer?.data ?? local();
  }

  return { track, forget, settle };
}

/** A new outbox record of a customer's edit, with a key of its own. */
const editRecord = (customerId: string, body: CustomerPatch, base: Customer, ifMatch: string): OutboxRecord => ({
  id: newKey(),
  kind: 'edit',
  customerId,
  body,
  base,
  ifMatch,
  at: Date.now(),
});

/** Customer edits through the outbox: one per customer, shown on top of the server's record while on its way. */
function editFlows(
  kit: CustomerKit,
  failed: (id: string, isFailed: boolean) => void,
  engine: () => OfflineEngine,
  send: (record: OutboxRecord) => Promise<unknown>,
) {
  /** The outbox record of each customer's edit. */
  const records = new Map<string, OutboxRecord>();
  const { track, forget, settle } = editOutcomes(kit, failed, engine, records);

  const route: Route = {
    send,
    found: (record) =>
      track(record, record.conflict ? { state: 'conflict', current: record.conflict } : { state: 'queued' }),
    sending: (record) => track(record, { state: 'sending' }),
    settle: (record, outcome) => void settle(record, outcome).catch(() => undefined),
    clear() {
      for (const id of [...records.keys()]) forget(id);
    },
  };

  async function updateCustomer(id: string, patch: CustomerPatch, options: { base?: Customer } = {}) {
    await notSending(kit.edits.get(id));
    const waiting = records.get(id);
    const edit = kit.edits.get(id).get();
    let record: OutboxRecord;
    if (waiting && edit?.state === 'queued') {
      record = editRecord(id, { ...edit.patch, ...patch }, waiting.base!, waiting.ifMatch!);
    } else {
      const { record: base, ifMatch } = await kit.versionToSave(kit.byId.get(id), options.base);
      record = editRecord(id, patch, base, ifMatch);
    }
    track(record, { state: 'queued' });
    return settle(record, await engine().submit(record, waiting?.id), true);
  }

  async function resolveEdit(id: string, resolution: EditResolution): Promise<void> {
    const record = records.get(id);
    const edit = kit.edits.get(id).get();
    if (!record || !edit) return;
    if (resolution === 'discard') {
      forget(id);
      return engine().remove(record.id);
    }
    // Again on top of the server's record, with its version.
    const resource = kit.byId.get(id);
    let current = edit.current ?? kit.server.get(id)?.data;
    if (!current || !kit.versions.has(current)) {
      await resource.reload();
      current = kit.server.get(id)?.data;
    }
    const ifMatch = current && kit.versions.get(current);
    if (!current || !ifMatch)
      throw resource.$state.get().error ?? new TypeError('crm-widgets: no version to apply on.');
    const next = editRecord(id, edit.patch, current, ifMatch);
    failed(record.id, false);
    track(next, { state: 'queued' });
    await settle(next, await engine().submit(next, record.id));
  }

  return { route, updateCustomer, resolveEdit };
}

/** Opens the instance's offline engine and connects it to the stores. */
export async function openFlows(setup: OfflineSetup): Promise<OfflineFlows> {
  const { api, signals, $mode, $outbox, kits, offline } = setup;
  // Used by the outcomes of sends, which come after the engine has opened.
  const engine = () => opened;
  const failedIds = new Set<string>();
  let engineCounts = { queued: 0, sending: 0, conflicts: 0 };
  const publish = () => {
    const last = $outbox.get();
    // In the order of `last`'s fields, so the two compare as text.
    const counts = { ...last, ...engineCounts, failed: failedIds.size };
    if (JSON.stringify(counts) === JSON.stringify(last)) return;
    $outbox.set(counts);
    globalThis.document?.dispatchEvent(new CrmOutboxChangeEvent(counts));
  };
  const failed = (id: string, isFailed: boolean) => {
    if (isFailed) failedIds.add(id);
    else failedIds.delete(id);
    publish();
  };
  const contacts = contactFlows(kits.contacts!, failed, engine);
  // The same request as a save made online, with the record's key: a lost answer is never applied twice.
  const edits = editFlows(kits.customers!, failed, engine, (record) =>
    api.send('patch', customerPath(record.customerId), customerSchema, {
      json: record.body,
      ifMatch: record.ifMatch!,
      idempotencyKey: record.id,
    }),
  );
  const routes: Record<OutboxRecord['kind'], Route> = { contact: contacts.route, edit: edits.route };

  // A key that failed to arrive (the bridge could not import it) names no database: memory only, never the clear.
  const key = typeof offline === 'object' ? offline.key : undefined;
  const sealWith = await Promise.resolve(key).then(
    (value) => ({ value }),
    () => undefined,
  );
  const opened = await openOffline({
    name: sealWith && (await databaseName(setup)),
    key: sealWith?.value,
    online: () => signals.$online.get(),
    handlers: {
      route: (record) => routes[record.kind],
      counts(counts) {
        engineCounts = counts;
        publish();
      },
      // Once: the storage then works in memory.
      unavailable(reason) {
        $mode.set('memory');
        globalThis.document?.dispatchEvent(new CrmOfflineUnavailableEvent({ reason }));
      },
    },
  });
  // Whatever waits is sent at once when the device is back online, the page is visible again
  // (also a webview's `resume`), or a new token arrives (after a 401).
  const replay = (now: boolean) => now && opened.replay(true);
  signals.$online.listen(replay);
  signals.$visible.listen(replay);
  api.onToken(() => opened.replay('token'));

  return {
    engine: opened,
    submitContact: contacts.submitContact,
    discardContact: contacts.discardContact,
    updateCustomer: edits.updateCustomer,
    resolveEdit: edits.resolveEdit,
    async clear() {
      failedIds.clear();
      for (const kind of ['contact', 'edit'] as const) routes[kind].clear();
      await opened.clear();
      // Nothing is stored on the device any more (engine.clear()).
      $mode.set('memory');
      publish();
    },
  };
}
