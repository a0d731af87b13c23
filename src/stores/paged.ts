import { atom, onMount, type ReadableAtom } from 'nanostores';
import type { CrmApiError } from '../api/errors.js';
import type { Page } from '../api/types.js';
import type { StoredValue } from '../offline/types.js';
import { createRequestSlot } from './request-slot.js';
import type { ResourceHooks } from './resource.js';

/** A cursor-paged list: every page loaded so far, in order. */
export interface PagedState<T> {
  data: T[] | undefined;
  /** The first page (or a revalidation) is loading. */
  loading: boolean;
  /** `loadMore()` is loading the next page. */
  loadingMore: boolean;
  hasMore: boolean;
  error: CrmApiError | undefined;
  /** Whether `error` came from loading the next page (then `retry()` asks for that page again). */
  failedMore: boolean;
  /** As `ResourceState.storedAt`: the first page came from the device, unconfirmed since. */
  storedAt?: number;
}

export interface PagedResource<T> {
  readonly $state: ReadableAtom<PagedState<T>>;
  /** Loads the first page again and merges it in front of the pages already loaded. */
  reload(): Promise<void>;
  /** Loads the next page, if any; concurrent calls share one request. */
  loadMore(): Promise<void>;
  /** After an error: asks for the next page again if that is what failed, else reloads. */
  retry(): Promise<void>;
  /** Changes the loaded items locally (optimistic updates). */
  edit(change: (items: T[]) => T[]): void;
  readonly mounted: boolean;
}

/**
 * Keeps the pages of one list. A reload fetches the first page and puts it in front of the items
 * already loaded (dropping their duplicates by id), so new entries appear at the top while the
 * pages a user scrolled through stay, with their cursor. With `stored` (offline on), the first load
 * shows the first page the device kept before it asks the network.
 */
export function createPagedResource<T extends { id: string }>(
  loadPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  hooks: ResourceHooks = {},
  options: { isLocal?: (item: T) => boolean; stored?: () => Promise<StoredValue<Page<T>> | undefined> } = {},
): PagedResource<T> {
  let state: PagedState<T> = {
    data: undefined,
    loading: false,
    loadingMore: false,
    hasMore: false,
    error: undefined,
    failedMore: false,
  };
  let cursor: string | null = null;
  let mounted = false;
  const $state = atom<PagedState<T>>(state);
  const update = (next: Partial<PagedState<T>>) => $state.set((state = { ...state, ...next }));
  const first = createRequestSlot();
  const more = createRequestSlot();

  /**
   * Puts a first page in front of what is loaded (see above), or in place of a page from the device.
   * `asked`: the ids the list held when that page was asked for; an item added since (an entry the
   * server confirmed meanwhile) is newer than the page and stays in front of it.
   */
  function showFirst(page: Page<T>, change: Partial<PagedState<T>>, asked?: Set<string>) {
    const replace = state.storedAt !== undefined;
    const fresh = new Set(page.data.map((item) => item.id));
    const old = state.data ?? [];
    const others = old.filter((item) => !fresh.has(item.id));
    // Items only this list has (optimistic entries not yet confirmed, or confirmed meanwhile) stay in front.
    const isNewer = (item: T) => options.isLocal?.(item) || (asked !== undefined && !asked.has(item.id));
    const local = others.filter(isNewer);
    const loaded = others.filter((item) => !isNewer(item));
    // Pages beyond the first keep their cursor; a list no longer than one page takes the page's own.
    const keepOld = !replace && loaded.length > 0 && old.length > page.data.length && cursor !== null;
    if (!keepOld) cursor = page.nextCursor;
    update({ data: [...local, ...page.data, ...(keepOld ? loaded : [])], hasMore: cursor !== null, ...change });
  }

  let stored = options.stored;
  function reload(): Promise<void> {
    // As for single resources: a reload asked for mid-load gets a load of its own afterwards.
    if (first.running) return first.afterRunning(() => (mounted ? reload() : undefined));
    more.abort();
    update({ loading: true, loadingMore: false, error: undefined, failedMore: false });
    const paint = stored;
    stored = undefined;
    let asked: Set<string> | undefined;
    return first.start(
      async (signal) => {
        const kept = await paint?.();
        if (kept) showFirst(kept.data, { storedAt: kept.storedAt });
        asked = new Set((state.data ?? []).map((item) => item.id));
        return loadPage(undefined, signal);
      },
      (page) => showFirst(page, { loading: false, error: undefined, storedAt: undefined }, asked),
      (error) => update({ loading: false, error, failedMore: false }),
    );
  }

  function loadMore(): Promise<void> {
    if (more.running) return more.running;
    if (first.running || cursor === null) return first.running ?? Promise.resolve();
    const after = cursor;
    update({ loadingMore: true, error: undefined, failedMore: false });
    return more.start(
      (signal) => loadPage(after, signal),
      (page) => {
        const known = new Set((state.data ?? []).map((item) => item.id));
        cursor = page.nextCursor;
        update({
          data: [...(state.data ?? []), ...page.data.filter((item) => !known.has(item.id))],
          loadingMore: false,
          hasMore: cursor !== null,
        });
      },
      (error) => update({ loadingMore: false, error, failedMore: error !== undefined }),
    );
  }

  onMount($state, () => {
    mounted = true;
    hooks.onMount?.();
    void reload();
    return () => {
      mounted = false;
      hooks.onUnmount?.();
      first.abort();
      more.abort();
      update({ loading: false, loadingMore: false });
    };
  });

  const retry = () => (state.failedMore && cursor !== null ? loadMore() : reload());

  return {
    $state,
    reload,
    loadMore,
    retry,
    edit(change) {
      update({ data: change(state.data ?? []) });
    },
    get mounted() {
      return mounted;
    },
  };
}
