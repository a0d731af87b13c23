import { atom, onMount, type ReadableAtom } from 'nanostores';
import { CrmApiError } from '../api/errors.js';

/** What every store exposes: the last good value, whether a load is running, and the last error. */
export interface ResourceState<T> {
  data: T | undefined;
  loading: boolean;
  error: CrmApiError | undefined;
}

/** One cache entry: a store and the action that refreshes it. */
export interface Resource<T> {
  readonly $state: ReadableAtom<ResourceState<T>>;
  /** Loads again; concurrent calls share one request. */
  reload(): Promise<void>;
}

/**
 * A lazily loaded resource. The first subscriber starts the load; when the last one leaves, an
 * unfinished request is aborted. Stale data stays visible while a reload runs.
 */
export function createResource<T>(load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  // The state is also kept here: reading an unmounted atom with get() would mount it, and so load.
  let state: ResourceState<T> = { data: undefined, loading: false, error: undefined };
  const $state = atom<ResourceState<T>>(state);
  const update = (next: Partial<ResourceState<T>>) => $state.set((state = { ...state, ...next }));
  let inFlight: { controller: AbortController; done: Promise<void> } | undefined;

  function reload(): Promise<void> {
    if (inFlight) return inFlight.done;
    const controller = new AbortController();
    update({ loading: true, error: undefined });
    const done = load(controller.signal)
      .then(
        (data) => {
          if (!controller.signal.aborted) update({ data, loading: false, error: undefined });
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
    void reload();
    return () => {
      // Forget the aborted load at once, so a subscriber arriving before it settles starts afresh.
      if (!inFlight) return;
      inFlight.controller.abort();
      inFlight = undefined;
      update({ loading: false });
    };
  });

  return { $state, reload };
}
