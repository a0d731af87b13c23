import { atom, onMount, type ReadableAtom } from 'nanostores';
import { CrmApiError } from '../api/errors.js';

/** What every store exposes: the last good value, whether a load is running, and the last error. */
export interface ResourceState<T> {
  data: T | undefined;
  loading: boolean;
  error: CrmApiError | undefined;
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
 * conditional request and keep the previous value on a 304.
 */
export function createResource<T>(
  load: (signal: AbortSignal, previous: Versioned<T> | undefined) => Promise<Versioned<T>>,
  hooks: ResourceHooks = {},
): Resource<T> {
  // The state is also kept here: reading an unmounted atom with get() would mount it, and so load.
  let state: ResourceState<T> = { data: undefined, loading: false, error: undefined };
  let etag: string | undefined;
  let mounted = false;
  const $state = atom<ResourceState<T>>(state);
  const update = (next: Partial<ResourceState<T>>) => $state.set((state = { ...state, ...next }));
  let inFlight: { controller: AbortController; done: Promise<void> } | undefined;
  let followUp: Promise<void> | undefined;

  function reload(): Promise<void> {
    // A reload asked for during a load must not be answered by a request sent before it was asked
    // (the change that prompted it may be newer): run one more load after the current one.
    if (inFlight) {
      followUp ??= inFlight.done.then(() => {
        followUp = undefined;
        return mounted ? reload() : undefined;
      });
      return followUp;
    }
    const controller = new AbortController();
    update({ loading: true, error: undefined });
    const previous = state.data === undefined ? undefined : { data: state.data, etag };
    const done = load(controller.signal, previous)
      .then(
        (result) => {
          if (controller.signal.aborted) return;
          etag = result.etag;
          update({ data: result.data, loading: false, error: undefined });
        },
        (error: unknown) => {
          // An aborted load reports nothing: nobody was waiting for it.
          if (controller.signal.aborted) return;
          const crmError = error instanceof CrmApiError ? error : new CrmApiError('network', 'The request failed.', { cause: error });
          update({ loading: false, error: crmError.kind === 'aborted' ? undefined : crmError });
        },
      )
      .finally(() => {
        if (inFlight?.controller === controller) inFlight = undefined;
      });
    inFlight = { controller, done };
    return done;
  }

  onMount($state, () => {
    mounted = true;
    hooks.onMount?.();
    void reload();
    return () => {
      mounted = false;
      hooks.onUnmount?.();
      // Forget the aborted load at once, so a subscriber arriving before it settles starts afresh.
      if (!inFlight) return;
      inFlight.controller.abort();
      inFlight = undefined;
      update({ loading: false });
    };
  });

  return {
    $state,
    reload,
    set(value) {
      etag = value.etag;
      update({ data: value.data, error: undefined });
    },
    peek: () => (state.data === undefined ? undefined : { data: state.data, etag }),
    get mounted() {
      return mounted;
    },
  };
}
