import { atom } from 'nanostores';
import { CrmApiError } from '../../src/api/errors.js';
import { createCrm, type Crm, type OfflineMode, type OutboxCounts } from '../../src/stores/crm.js';
import type { PagedState } from '../../src/stores/paged.js';
import type { ResourceState } from '../../src/stores/resource.js';

/**
 * An SDK instance whose offline side is set by hand: what the device says (`$online`), where the
 * instance keeps data (`$offline`), the outbox counts, and any store or action given in
 * `overrides`. Everything else is a real instance whose requests never answer, so the elements'
 * offline states are tested apart from the offline machinery that produces them.
 */
export function offlineCrm(overrides: Partial<Crm> = {}) {
  const $online = atom(true);
  const $offline = atom<OfflineMode>('device');
  const $outbox = atom<OutboxCounts>({ queued: 0, sending: 0, failed: 0, conflicts: 0 });
  const base = createCrm({
    baseUrl: 'https://crm.example.test/',
    getToken: () => 'token',
    fetch: () => new Promise<Response>(() => undefined),
    live: false,
  });
  const crm: Crm = { ...base, $online, $offline, $outbox, ...overrides };
  return { crm, $online, $offline, $outbox };
}

/** A paged store's state holding `data`, settled unless `change` says otherwise. */
export function pagedState<T>(
  data: T[] | undefined,
  change: Partial<PagedState<T>> & { storedAt?: number } = {},
): PagedState<T> {
  return { data, loading: false, loadingMore: false, hasMore: false, error: undefined, failedMore: false, ...change };
}

/** A single resource's state holding `data`, settled unless `change` says otherwise. */
export function resourceState<T>(data: T | undefined, change: Partial<ResourceState<T>> = {}): ResourceState<T> {
  return { data, loading: false, error: undefined, ...change };
}

/** A failure to reach the API (what a load answers offline). */
export const networkError = () => new CrmApiError('network', 'The request failed.');

/** A server failure (which offline or not is shown, with Retry). */
export const serverError = () => new CrmApiError('http', 'Boom', { status: 500, title: 'Boom' });

/** `hour`:`minute` local time `daysAgo` days before today, in ms (what `storedAt` holds). */
export function storedAt(daysAgo: number, hour = 10, minute = 42): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, hour, minute).getTime();
}

/** "As of …" as the elements should say it for `at`, from Intl (the test does not restate the format), spaces collapsed. */
export function asOf(at: number, locale: 'en' | 'zh-CN', withDate: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDate
    ? { dateStyle: 'medium', timeStyle: 'short' }
    : { timeStyle: 'short' };
  const when = new Intl.DateTimeFormat(locale, options).format(at);
  // Spaces as tests read text (WebKit puts U+202F before AM).
  return (locale === 'en' ? `As of ${when}` : `截至 ${when}`).replace(/\s+/g, ' ');
}
