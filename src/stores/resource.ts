import { atom, onMount, type ReadableAtom } from 'nanostores';
import type { CrmApiError } from '../api/errors.js';
import type { StoredValue } from '../offline/types.js';
import { createRequestSlot } from './request-slot.js';

/** What every store exposes: the last good value, whether a load is running, and the last error. */
export interface ResourceState<T> {
  data: T | undefined;
  loading: boolean;
  error: CrmApiError | undefined;
  /**
   * Set while `data` came from the device (offline on) and the network has not confirmed it since:
   * when it was stored, in ms since the epoch, so an element can say "as of 10:42". A revalidation
   * answered 200 or 304 clears it.
   */
  storedAt?: number;
}

/** A loaded value and the validator the server gave it, for conditional requests. */
export interface Versioned<T> {
  data: T;
  etag?: string | undefined;
}

/** One cache entry: a store and the actions on it. */
export interface Resource<T> {
  readonly $state: ReadableAtom<ResourceState<T>>;
  /** Loads again (stale-while-revalidate: the old value stays visible); concurrent calls share one request. */
  reload(): Promise<void>;
  /** Replaces the value without a request (after a mutation answered with the new record). */
  set(value: Versioned<T>): void;
  /** The current value and its ETag. */
  peek(): Versioned<T> | undefined;
  /** Whether an element is showing it. */
  readonly mounted: boolean;
}

export interface ResourceHooks {
  /** Called when the first subscriber arrives and after the last one left (live-stream bookkeeping). */
  onMount?(): void;
  onUnmount?(): void;
}

/**
 * A lazily loaded resource. The first subscriber starts the load; when the last one leaves, an
 * unfinished request is aborted. The loader gets the previous value and ETag, so it can make a
 * conditional request and keep the previous value on a 304. With `stored` (offline on), the first
 * load shows what the device kept (with `storedAt`) before it asks the network.
 */
export function createResource<T>(
  load: (signal: AbortSignal, previous: Versioned<T> | undefined) => Promise<Versioned<T>>,
  hooks: ResourceHooks = {},
  stored?: () => Promise<StoredValue<T> | undefined>,
): Resource<T> {
  // The state is also kept here: reading an unmounted atom with get() would mount it, and so load.
  let state: ResourceState<T> = { data: undefined, loading: false, error: undefined };
  let etag: string | undefined;
  let mounted = false;
  const $state = atom<ResourceState<T>>(state);
  const update = (next: Partial<ResourceState<T>>) => $state.set((state = { ...state, ...next }));
  const slot = createRequestSlot();

  function reload(): Promise<void> {
    // A reload asked for during a load must not be answered by a request sent before it was asked
    // (the change that prompted it may be newer): run one more load after the current one.
    if (slot.running) return slot.afterRunning(() => (mounted ? reload() : undefined));
    update({ loading: true, error: undefined });
    const paint = stored;
    stored = undefined;
    return slot.start(
      async (signal) => {
        const kept = paint && state.data === undefined ? await paint() : undefined;
        if (kept && state.data === undefined) {
          etag = kept.etag;
          update({ data: kept.data, storedAt: kept.storedAt });
        }
        return load(signal, state.data === undefined ? undefined : { data: state.data, etag });
      },
      (result) => {
        etag = result.etag;
        update({ data: result.data, loading: false, error: undefined, storedAt: undefined });
      },
      (error) => update({ loading: false, error }),
    );
  }

  onMount($state, () => {
    mounted = true;
    hooks.onMount?.();
    void reload();
    return () => {
      mounted = false;
      hooks.onUnmount?.();
      if (!slot.running) return;
      slot.abort();
      update({ loading: false });
    };
  });

  return {
    $state,
    reload,
    set(value) {
      etag = value.etag;
      update({ data: value.data, error: undefined, storedAt: undefined });
    },
    peek: () => (state.data === undefined ? undefined : { data: state.data, etag }),
    get mounted() {
      return mounted;
    },
  };
}
