import { CrmApiError } from '../api/errors.js';
import { customerSchema } from '../api/schemas.js';
import type { Customer, CustomerPatch } from '../api/types.js';
import { safeParse } from '../api/validate.js';
import { customerPath, type StoreContext } from './context.js';
import { keyed, type Keyed } from './keyed.js';
import { createResource, type Resource } from './resource.js';

/** The customers of one instance: a cached record per id, and saving changes to one. */
export interface CustomerStores {
  readonly byId: Keyed<[id: string], Resource<Customer>>;
  /** See `Crm.updateCustomer`. */
  update(id: string, patch: CustomerPatch, options?: { base?: Customer }): Promise<Customer>;
}

export function createCustomerStores({ api, hooks }: StoreContext): CustomerStores {
  // The ETag each customer record arrived with: a save names the record it is based on.
  const versions = new WeakMap<Customer, string>();
  const versioned = (data: Customer, etag: string | undefined) => {
    if (etag) versions.set(data, etag);
    return { data, etag };
  };

  const byId = keyed(
    (id: string) => id,
    (id: string) =>
      createResource<Customer>(async (signal, previous) => {
        if (previous?.etag) {
          const answer = await api.revalidate(customerPath(id), customerSchema, {
            signal,
            ifNoneMatch: previous.etag,
          });
          return 'notModified' in answer ? previous : versioned(answer.data, answer.etag);
        }
        const answer = await api.get(customerPath(id), customerSchema, { signal });
        return versioned(answer.data, answer.etag);
      }, hooks),
  );

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

  async function update(id: string, patch: CustomerPatch, options: { base?: Customer } = {}): Promise<Customer> {
    const resource = byId.get(id);
    const { record, ifMatch } = await versionToSave(resource, options.base);
    try {
      const { data, etag } = await api.send('patch', customerPath(id), customerSchema, { json: patch, ifMatch });
      resource.set(versioned(data, etag));
      return data;
    } catch (error) {
      if (error instanceof CrmApiError && error.kind === 'conflict') throw await conflictOf(error, resource, record);
      throw error;
    }
  }

  return { byId, update };
}
