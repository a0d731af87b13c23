import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { ApiResponse } from '../api/client.js';
import { CrmApiError } from '../api/errors.js';
import { customerSchema } from '../api/schemas.js';
import type { Customer, CustomerPatch } from '../api/types.js';
import { safeParse } from '../api/validate.js';
import type { EditResolution, OfflineEngine, OutboxRecord, PendingEdit, SendOutcome } from '../offline/types.js';
import { newKey } from './contacts.js';
import { customerPath, type StoreContext } from './context.js';
import { keyed, type Keyed } from './keyed.js';
import type { OutboxRoute } from './offline.js';
import { createResource, type Resource, type Versioned } from './resource.js';

/** The customers of one instance: a cached record per id, and saving changes to one. */
export interface CustomerStores {
  readonly byId: Keyed<[id: string], Resource<Customer>>;
  /** See `Crm.updateCustomer`. */
  update(id: string, patch: CustomerPatch, options?: { base?: Customer }): Promise<Customer>;
  /** A customer's edit waiting in the outbox (offline on); see `Crm.pendingEdit`. */
  readonly edits: Keyed<[id: string], WritableAtom<PendingEdit | undefined>>;
  /** See `Crm.resolveEdit`. */
  resolve(id: string, resolution: EditResolution): Promise<void>;
  /** How the outbox (offline on) sends this store's edits and reports on them. */
  readonly outbox: OutboxRoute;
}

/** `record` with `patch` applied as the server applies it (`null` clears a field). */
function patched(record: Customer, patch: CustomerPatch): Customer {
  const next: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as unknown as Customer;
}

/** Resolves once `$edit` is not being sent (an edit made meanwhile waits for that answer). */
const notSending = ($edit: ReadableAtom<PendingEdit | undefined>) =>
  new Promise<void>((resolve) => {
    const stop = $edit.subscribe((edit) => {
      if (edit?.state === 'sending') return;
      queueMicrotask(() => stop());
      resolve();
    });
  });

export function createCustomerStores({ api, hooks, device }: StoreContext): CustomerStores {
  // The ETag each customer record arrived with: a save names the record it is based on.
  const versions = new WeakMap<Customer, string>();
  const versioned = (data: Customer, etag: string | undefined) => {
    if (etag) versions.set(data, etag);
    return { data, etag };
  };
  const edits = keyed(
    (id: string) => id,
    () => atom<PendingEdit | undefined>(undefined),
  );
  /** Offline on: the outbox record of each customer's edit, and the last record the server (or the device) gave. */
  const records = new Map<string, OutboxRecord>();
  const server = new Map<string, Versioned<Customer>>();
  /** What a customer's store shows: the server's record, with an edit on its way on top. */
  const shown = (id: string, value: Versioned<Customer>): Versioned<Customer> => {
    const edit = edits.peek(id)?.get();
    const waiting = edit?.state === 'queued' || edit?.state === 'sending';
    return waiting ? { data: patched(value.data, edit.patch), etag: value.etag } : value;
  };
  const fromServer = (id: string, value: Versioned<Customer>) => {
    server.set(id, value);
    device?.write(id, 'customer', value);
    return shown(id, value);
  };

  const byId = keyed(
    (id: string) => id,
    (id: string) =>
      createResource<Customer>(
        async (signal, previous) => {
          if (previous?.etag) {
            const answer = await api.revalidate(customerPath(id), customerSchema, {
              signal,
              ifNoneMatch: previous.etag,
            });
            return 'notModified' in answer
              ? device
                ? fromServer(id, server.get(id) ?? previous)
                : previous
              : fromServer(id, versioned(answer.data, answer.etag));
          }
          const answer = await api.get(customerPath(id), customerSchema, { signal });
          return fromServer(id, versioned(answer.data, answer.etag));
        },
        hooks,
        device &&
          (async () => {
            const kept = await device.read<Customer>(id, 'customer');
            if (!kept) return undefined;
            server.set(id, versioned(kept.data, kept.etag));
            return { ...shown(id, kept), storedAt: kept.storedAt };
          }),
      ),
  );
  /** Shows the server's record, with the customer's edit on top while it is on its way. */
  const refresh = (id: string) => {
    const value = server.get(id) ?? byId.peek(id)?.peek();
    if (value) byId.get(id).set(shown(id, value));
  };

  /** The version to save against: the record shown, or `base` (one this instance loaded). */
  async function versionToSave(resource: Resource<Customer>, base: Customer | undefined) {
    // Without a version shown, `*` would overwrite blindly: read first.
    if (!base && !resource.peek()?.etag) await resource.reload();
    const record = base ?? resource.peek()?.data;
    const ifMatch = record && versions.get(record);
    if (ifMatch) return { record, ifMatch };
    if (!base)
      throw resource.$state.get().error ?? new CrmApiError('validation', 'The customer has no version to update.');
    // A record this instance never loaded: its version is unknown, so offer the current one instead.
    await resource.reload();
    throw new CrmApiError('conflict', 'The version the changes are based on is not known; `current` is.', {
      status: 412,
      current: resource.peek()?.data,
    });
  }

  /**
   * A 412 as the caller needs it: once the cache shows the server's record (with its ETag), since
   * the caller still holds the user's edits, and re-applying them on `current` must not be sent
   * with the stale version again.
   */
  async function conflictOf(error: CrmApiError, resource: Resource<Customer>, base: Customer): Promise<CrmApiError> {
    const sent = safeParse(customerSchema, error.current);
    await resource.reload();
    const cached = resource.peek()?.data;
    const current = cached && cached !== base && versions.has(cached) ? cached : sent.success ? sent.output : undefined;
    return new CrmApiError('conflict', error.message, {
      status: 412,
      ...(error.title ? { title: error.title } : {}),
      ...(error.detail ? { detail: error.detail } : {}),
      current,
    });
  }

  /** Saves at once (offline off, or the device could not be opened). */
  async function updateNow(id: string, patch: CustomerPatch, options: { base?: Customer } = {}): Promise<Customer> {
    const resource = byId.get(id);
    const { record, ifMatch } = await versionToSave(resource, options.base);
    try {
      const { data, etag } = await api.send('patch', customerPath(id), customerSchema, { json: patch, ifMatch });
      resource.set(fromServer(id, versioned(data, etag)));
      return data;
    } catch (error) {
      if (error instanceof CrmApiError && error.kind === 'conflict') throw await conflictOf(error, resource, record);
      throw error;
    }
  }

  /** Drops a customer's edit from memory (the outbox has let it go). */
  function forget(id: string) {
    const record = records.get(id);
    if (record) device?.failed(record.id, false);
    records.delete(id);
    edits.get(id).set(undefined);
    refresh(id);
  }

  /** Shows `record` as the customer's edit in `state`, and the store the record with it. */
  function track(record: OutboxRecord, edit: Partial<PendingEdit>) {
    records.set(record.customerId, record);
    edits
      .get(record.customerId)
      .set({ patch: record.body as CustomerPatch, base: record.base!, state: 'queued', ...edit });
    refresh(record.customerId);
  }

  /**
   * What an outbox outcome means for an edit. With `awaited` (the first attempt, its caller still
   * waiting), a refusal or conflict is thrown to the caller as without offline; later, it becomes
   * the edit's `failed` or `conflict` state, for the user to settle.
   */
  async function settle(record: OutboxRecord, outcome: SendOutcome, engine?: OfflineEngine): Promise<Customer> {
    const id = record.customerId;
    const resource = byId.get(id);
    const answer = outcome.state === 'done' ? (outcome.answer as ApiResponse<Customer> | undefined) : undefined;
    const local = () => resource.peek()?.data ?? patched(record.base!, record.body as CustomerPatch);
    if (records.get(id) !== record) return local();
    if (outcome.state === 'queued') track(record, { state: 'queued' });
    else if (answer) {
      server.set(id, versioned(answer.data, answer.etag));
      forget(id);
      device?.write(id, 'customer', server.get(id)!);
    } else if (outcome.state === 'done' || outcome.state === 'gone') {
      forget(id);
      void resource.reload();
    } else if (engine) {
      forget(id);
      await engine.remove(record.id);
      throw outcome.state === 'conflict'
        ? await conflictOf(outcome.error as CrmApiError, resource, record.base!)
        : outcome.error;
    } else if (outcome.state === 'refused') {
      track(record, { state: 'failed', error: outcome.error as CrmApiError });
      device?.failed(record.id, true);
    } else {
      // The server's record, as the cache holds it (with its version) once reloaded without the edit.
      track(record, { state: 'conflict' });
      const current = (await conflictOf(outcome.error as CrmApiError, resource, record.base!)).current as Customer;
      track({ ...record, conflict: current }, { state: 'conflict', current });
      await (await device!.engine()).put(records.get(id)!);
    }
    return answer?.data ?? local();
  }

  /** Offline on: the edit goes to the outbox, on top of one still waiting there (one edit per customer). */
  async function update(id: string, patch: CustomerPatch, options: { base?: Customer } = {}): Promise<Customer> {
    const engine = await device?.engine().catch(() => undefined);
    if (!engine) return updateNow(id, patch, options);
    await notSending(edits.get(id));
    const waiting = records.get(id);
    const edit = edits.get(id).get();
    let record: OutboxRecord;
    if (waiting && edit?.state === 'queued') {
      record = { ...waiting, id: newKey(), body: { ...edit.patch, ...patch }, at: Date.now() };
    } else {
      const { record: base, ifMatch } = await versionToSave(byId.get(id), options.base);
      record = { id: newKey(), kind: 'edit', customerId: id, body: patch, base, ifMatch, at: Date.now() };
    }
    track(record, { state: 'queued' });
    return settle(record, await engine.submit(record, waiting?.id), engine);
  }

  async function resolve(id: string, resolution: EditResolution): Promise<void> {
    const record = records.get(id);
    const edit = edits.get(id).get();
    const engine = await device?.engine();
    if (!record || !edit || !engine) return;
    if (resolution === 'discard') {
      forget(id);
      await engine.remove(record.id);
      return;
    }
    // Again on top of the server's record, with its version.
    const resource = byId.get(id);
    let current = edit.current ?? server.get(id)?.data;
    if (!current || !versions.has(current)) {
      await resource.reload();
      current = server.get(id)?.data;
    }
    const ifMatch = current && versions.get(current);
    if (!current || !ifMatch)
      throw resource.$state.get().error ?? new CrmApiError('network', 'The customer could not be read.');
    const next: OutboxRecord = {
      id: newKey(),
      kind: 'edit',
      customerId: id,
      body: edit.patch,
      base: current,
      ifMatch,
      at: Date.now(),
    };
    device!.failed(record.id, false);
    track(next, { state: 'queued' });
    await settle(next, await engine.submit(next, record.id));
  }

  const outbox: OutboxRoute = {
    send: (record) =>
      api.send('patch', customerPath(record.customerId), customerSchema, {
        json: record.body,
        ...(record.ifMatch ? { ifMatch: record.ifMatch } : {}),
        idempotencyKey: record.id,
      }),
    found: (record) =>
      track(record, record.conflict ? { state: 'conflict', current: record.conflict } : { state: 'queued' }),
    sending: (record) => track(record, { state: 'sending' }),
    settle: (record, outcome) => void settle(record, outcome).catch(() => undefined),
    clear() {
      for (const id of [...records.keys()]) forget(id);
    },
  };

  return { byId, update, edits, resolve, outbox };
}
