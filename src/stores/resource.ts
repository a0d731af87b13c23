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
  const $state = atom<ResourceState<T>>({ data: undefined, loading: false, error: undefined });
  let inFlight: { controller: AbortController; done: Promise<void> } | undefined;

  function reload(): Promise<void> {
    if (inFlight) return inFlight.done;
    const controller = new AbortController();
    $state.set({ ...$state.get(), loading: true, error: undefined });
    const done = load(controller.signal).then(
      (data) => {
        $state.set({ data, loading: false, error: undefined });
      },
      (error: unknown) => {
        const crmError =
          error instanceof CrmApiError ? error : new CrmApiError('network', 'The request failed.', { cause: error });
        $state.set({ ...$state.get(), loading: false, error: crmError.kind === 'aborted' ? undefined : crmError });
      },
    ).finally(() => {
      if (inFlight?.controller === controller) inFlight = undefined;
    });
    inFlight = { controller, done };
    return done;
  }

  onMount($state, () => {
    void reload();
    return () => inFlight?.controller.abort();
  });

  return { $state, reload };
}
