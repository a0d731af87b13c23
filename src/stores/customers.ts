import { atom, type WritableAtom } from 'nanostores';
import { CrmApiError } from '../api/errors.js';
import { customerSchema } from '../api/schemas.js';
import type { Customer, CustomerPatch } from '../api/types.js';
import { safeParse } from '../api/validate.js';
import type { EditResolution, PendingEdit } from '../offline/types.js';
import { customerPath, type StoreContext } from './context.js';
import { keyed, type Keyed } from './keyed.js';
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
  /** What the offline code (stores/offline-flows.ts) works with. */
  readonly kit: CustomerKit;
}

/** The customer store's insides, for the offline code, which is loaded only when offline is on. */
export interface CustomerKit {
  readonly byId: Keyed<[id: string], Resource<Customer>>;
  readonly edits: Keyed<[id: string], WritableAtom<PendingEdit | undefined>>;
  /** The ETag each record arrived with. */
  readonly versions: WeakMap<Customer, string>;
  /** Shows the server's record, with the customer's edit on top while it is on its way. */
  refresh(id: string): void;
  versionToSave(resource: Resource<Customer>, base: Customer | undefined): Promise<{ base: Customer; ifMatch: string }>;
  conflictOf(error: CrmApiError, resource: Resource<Customer>, base: Customer): Promise<CrmApiError>;
  /**
   * One PATCH of `patch` against version `ifMatch`, with an Idempotency-Key if given (as `user`,
   * see RequestOptions); the record answered is the one the cache holds from then on.
   */
  save(id: string, patch: CustomerPatch, ifMatch: string, idempotencyKey?: string, user?: string): Promise<Customer>;
}

/** `record` with `patch` applied as the server applies it (`null` clears a field). */
export function patched(record: Customer, patch: CustomerPatch): Customer {
  const next: Record<string, unknown> = { ...record };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as unknown as Customer;
}

/**
 * A 412 as the caller needs it: once the cache shows the server's record (with its ETag), since
 * the caller still holds the user's edits, and re-applying them on `current` must not be sent
 * with the stale version again.
 */
async function conflictOf(
  versions: WeakMap<Customer, string>,
  error: CrmApiError,
  resource: Resource<Customer>,
  base: Customer,
): Promise<CrmApiError> {
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
    if (ifMatch) return { base: record, ifMatch };
    if (!base)
      throw resource.$state.get().error ?? new CrmApiError('validation', 'The customer has no version to update.');
    // A record this instance never loaded: its version is unknown, so offer the current one instead.
    await resource.reload();
    throw new CrmApiError('conflict', 'The version the changes are based on is not known; `current` is.', {
      status: 412,
      current: resource.peek()?.data,
    });
  }

  const save: CustomerKit['save'] = async (id, patch, ifMatch, idempotencyKey, user) => {
    const options = { json: patch, ifMatch, idempotencyKey, user };
    const { data, etag } = await api.send('patch', customerPath(id), customerSchema, options);
    byId.get(id).set(fromServer(id, versioned(data, etag)));
    return data;
  };

  /** Saves at once (offline off, or the device could not be opened). */
  async function updateNow(id: string, patch: CustomerPatch, options: { base?: Customer } = {}): Promise<Customer> {
    const resource = byId.get(id);
    const { base, ifMatch } = await versionToSave(resource, options.base);
    try {
      return await save(id, patch, ifMatch);
    } catch (error) {
      if (error instanceof CrmApiError && error.kind === 'conflict')
        throw await conflictOf(versions, error, resource, base);
      throw error;
    }
  }

  const kit: CustomerKit = {
    byId,
    edits,
    versions,
    refresh,
    versionToSave,
    conflictOf: (error, resource, base) => conflictOf(versions, error, resource, base),
    save,
  };
  return {
    byId,
    edits,
    kit,
    // Offline on: through the outbox (the offline code, loaded on demand).
    update: (id, patch, options) =>
      device
        ? device.flows().then(
            (flows) => flows.updateCustomer(id, patch, options),
            () => updateNow(id, patch, options),
          )
        : updateNow(id, patch, options),
    resolve: async (id, resolution) => (await device?.flows())?.resolveEdit(id, resolution),
  };
}
