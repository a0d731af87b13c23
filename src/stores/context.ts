import type { ApiClient } from '../api/client.js';
import type { DeviceLink } from './offline.js';
import type { ResourceHooks } from './resource.js';

/** What every resource factory of one instance shares. */
export interface StoreContext {
  readonly api: ApiClient;
  /** The live stream's bookkeeping: a resource shown keeps the stream open. */
  readonly hooks: ResourceHooks;
  /** The device, with `offline` on: what was shown is kept there, and writes go through its outbox. */
  readonly device?: DeviceLink | undefined;
}

/** The API path of one customer; every other resource of theirs lies below it. */
export const customerPath = (id: string): string => `v1/customers/${encodeURIComponent(id)}`;
