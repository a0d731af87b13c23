import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import { createApiClient, type ApiClient, type TokenProvider } from '../api/client.js';
import type { Customer, CustomerInsights, CustomerPatch, NewContactEntry, Order, OrderStatus } from '../api/types.js';
import { createContactStores, type ContactLogEntry } from './contacts.js';
import { createCustomerStores } from './customers.js';
import { createInsightStores } from './insights.js';
import { deferredLiveStream } from './deferred.js';
import type { CrmChange, LiveStatus } from './live.js';
import { browserSignals, type PlatformSignals } from './signals.js';
import { wireOffline } from './offline.js';
import { createOrderStores } from './orders.js';
import type { PagedState } from './paged.js';
import type { OutboxCounts } from '../events/outbox-change-event.js';
import type { EditResolution, OfflineMode, OfflineOptions, PendingEdit } from '../offline/types.js';
import type { ResourceHooks, ResourceState } from './resource.js';

export type { ContactLogEntry, EditResolution, OfflineMode, OfflineOptions, OutboxCounts, PendingEdit };

/** How an SDK instance reaches its CRM API. */
export interface CrmOptions {
  /** The API's base URL (`https://crm.example.com/`); https, or http for localhost only. */
  baseUrl: string;
  /** Supplies bearer tokens; held in memory only. */
  getToken: TokenProvider;
  /** A BCP 47 locale (`en`, `zh-CN`) for this instance's elements; defaults to `<html lang>`. */
  locale?: string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Milliseconds before one attempt of a request gives up (a hung server); 10 000 by default. */
  timeout?: number;
  /** Visibility and connectivity; the browser's by default (a webview bridge may supply its own). */
  signals?: PlatformSignals;
  /** Whether to keep a live `/v1/events` stream while elements show data; true by default. */
  live?: boolean;
  /**
   * Milliseconds from a live change of a customer's orders or contacts to loading their insights
   * again (the reference API recomputes them once changes have been quiet for 2 s, not while
   * answering, and at most every 10 s or so per tenant); 3000 by default. While they are unchanged,
   * they are asked for again up to four more times, each wait twice the last (9, 21, 45 and 93 s
   * after the change by default).
   */
  insightsDelay?: number;
  /**
   * Keeps what this instance shows, and what the user writes, on the device (IndexedDB, one
   * database per tenant and user), so they survive a relaunch without network; `{ key }` seals them
   * with AES-GCM. Off by default: storing customer data on a device is the host's decision.
   */
  offline?: boolean | OfflineOptions;
}

/**
 * One SDK instance: an API client and its own stores. Two instances share nothing — no cache
 * entry, no token — so two configurations on one page stay apart.
 */
export interface Crm {
  /** This instance's locale; elements re-render when it changes. */
  readonly $locale: WritableAtom<string | undefined>;
  /** The live stream's state. */
  readonly $live: ReadableAtom<LiveStatus>;
  /**
   * Whether the device is online, from the instance's `signals` (the browser's, or a webview
   * bridge's). Offline, elements keep what they show and report no network errors: the host page
   * shows one offline notice instead, and data is revalidated when the device is back online.
   */
  readonly $online: ReadableAtom<boolean>;
  readonly api: ApiClient;
  /** The store of one customer, shared by every element of this instance that shows it. */
  customerById(id: string): ReadableAtom<ResourceState<Customer>>;
  /** Loads a customer again (after an error, or on demand). */
  reloadCustomer(id: string): Promise<void>;
  /** A customer's orders, newest first, page by page; `status` filters. */
  ordersFor(customerId: string, status?: OrderStatus): ReadableAtom<PagedState<Order>>;
  loadMoreOrders(customerId: string, status?: OrderStatus): Promise<void>;
  /** After an error: asks for the next page again if that is what failed, else loads the list again. */
  retryOrders(customerId: string, status?: OrderStatus): Promise<void>;
  reloadOrders(customerId: string, status?: OrderStatus): Promise<void>;
  /** A customer's contact log, newest first, page by page, with entries still being sent. */
  contactsFor(customerId: string): ReadableAtom<PagedState<ContactLogEntry>>;
  loadMoreContacts(customerId: string): Promise<void>;
  reloadContacts(customerId: string): Promise<void>;
  /** After an error: asks for the next page again if that is what failed, else loads the log again. */
  retryContacts(customerId: string): Promise<void>;
  /**
   * A customer's insights (segment, next-order forecast, churn risk), shared like `customerById`;
   * loaded again a little after a live change of their orders or contacts.
   */
  insightsFor(customerId: string): ReadableAtom<ResourceState<CustomerInsights>>;
  reloadInsights(customerId: string): Promise<void>;
  /**
   * Saves changes with `If-Match` on the version shown — or, with `options.base`, on the version of
   * that record (one this instance loaded), so changes made in a form are checked against the
   * record the form opened on even if a live update replaced it since. A stale version fails with
   * a `CrmApiError` of kind `conflict` whose `current` is the server's record; nothing is
   * overwritten. By the time it fails, the cache holds that record, so passing `current` as the
   * next `base` re-applies the changes on top of it.
   *
   * With `offline` on, the edit is written to the device's outbox (with its Idempotency-Key) before
   * it is sent. If no answer comes (no network, 5xx, 429, a token being renewed) it resolves with
   * the record as changed here, which the customer's store shows, and the edit waits
   * (`pendingEdit(id)`: `queued`) to be sent when the network is back; a 412 then makes it a
   * `conflict` for the user to settle with `resolveEdit()`. A refusal answered at once still rejects.
   */
  updateCustomer(id: string, patch: CustomerPatch, options?: { base?: Customer }): Promise<Customer>;
  /**
   * Adds an entry: it appears at once as `sending`, then confirmed. If the server refuses, it stays
   * as `failed` with its text; `retryContactEntry` sends it again with the same Idempotency-Key.
   *
   * With `offline` on, the entry is written to the device's outbox before it is sent; if no answer
   * comes (no network, 5xx, 429, a token being renewed) it resolves with the log's entry marked
   * `pending: 'queued'`, which is sent when the network is back (and then replaced in the log by the
   * server's entry). Only a refusal rejects.
   */
  addContactEntry(customerId: string, entry: NewContactEntry): Promise<ContactLogEntry>;
  retryContactEntry(customerId: string, pendingId: string): Promise<ContactLogEntry>;
  /** Drops a failed entry the user gave up on. */
  discardContactEntry(customerId: string, pendingId: string): void;
  /** Where this instance keeps its data: `off`, on the `device`, or in `memory` (offline asked for, storage unavailable). */
  readonly $offline: ReadableAtom<OfflineMode>;
  /** Writes not yet confirmed by the server, by state; all zero with `offline` off. */
  readonly $outbox: ReadableAtom<OutboxCounts>;
  /** A customer's edit waiting in the outbox, or in conflict; `undefined` when there is none. */
  pendingEdit(customerId: string): ReadableAtom<PendingEdit | undefined>;
  /**
   * Settles a conflicting edit: `discard` drops the changes (the server's record stays), `reapply`
   * queues them again on top of the server's record (`current`).
   */
  resolveEdit(customerId: string, resolution: EditResolution): Promise<void>;
  /** Deletes this user's data on the device (stored records and unsent writes) and in memory. */
  clearOfflineData(): Promise<void>;
}

function checkOptions(options: CrmOptions): string {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('crm-widgets: options must be an object with baseUrl and getToken.');
  }
  let url: URL;
  try {
    url = new URL(options.baseUrl, globalThis.location?.href);
  } catch {
    throw new TypeError(`crm-widgets: baseUrl "${String(options.baseUrl)}" is not a URL.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  // Tokens must not travel in clear text; plain http is for a developer's own machine only.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TypeError(
      `crm-widgets: baseUrl must be an https URL (http only for localhost), not ${url.protocol}//${url.host}.`,
    );
  }
  if (typeof options.getToken !== 'function') {
    throw new TypeError('crm-widgets: getToken must be a function that returns a token.');
  }
  if (options.timeout !== undefined && !(Number.isFinite(options.timeout) && options.timeout > 0)) {
    throw new TypeError(
      `crm-widgets: timeout must be a positive number of milliseconds, not ${String(options.timeout)}.`,
    );
  }
  const { offline } = options;
  const key = typeof offline === 'object' && offline !== null ? offline.key : undefined;
  if (
    !(offline === undefined || typeof offline === 'boolean' || (typeof offline === 'object' && offline !== null)) ||
    (key !== undefined &&
      // No CryptoKey outside secure contexts (nor a key to give).
      !(typeof CryptoKey === 'function' && key instanceof CryptoKey) &&
      typeof (key as PromiseLike<unknown>).then !== 'function')
  ) {
    throw new TypeError('crm-widgets: offline must be true, false or { key } with an AES-GCM CryptoKey.');
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** Keeps what elements show up to date: live changes reload it, and so does coming back. */
function keepCurrent(
  options: CrmOptions,
  api: ApiClient,
  onChange: (change: CrmChange) => void,
  refreshShown: () => void,
) {
  const signals = options.signals ?? browserSignals();
  const live =
    options.live === false ? undefined : deferredLiveStream({ api, signals, onChange, onResume: refreshShown });
  // Without a live stream (which revalidates when it resumes), coming back online reloads what is shown.
  if (!live) signals.$online.listen((online) => online && refreshShown());
  const hooks: ResourceHooks = live ? { onMount: () => live.retain(), onUnmount: () => live.release() } : {};
  return { signals, live, hooks };
}

/** Creates an SDK instance. Throws a `TypeError` naming the bad option. */
export function createCrm(options: CrmOptions): Crm {
  const baseUrl = checkOptions(options);
  const api = createApiClient({
    baseUrl,
    getToken: options.getToken,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeout ? { timeout: options.timeout } : {}),
  });
  const { signals, live, hooks } = keepCurrent(
    options,
    api,
    (change) => onChange(change),
    () => refreshShown(),
  );
  const offline = wireOffline(options.offline, { api, baseUrl, signals });
  const context = { api, hooks, device: offline.device };
  const customers = createCustomerStores(context);
  const orders = createOrderStores(context);
  const contacts = createContactStores(context);
  const insights = createInsightStores(context, options.insightsDelay ?? 3000);
  offline.kits.contacts = contacts.kit;
  offline.kits.customers = customers.kit;

  const refreshShown = () => {
    for (const kind of [customers.byId, orders, contacts.logs, insights.byCustomer]) {
      for (const [, resource] of kind.entries()) if (resource.mounted) void resource.reload();
    }
  };
  const reloadShown = (resource: { mounted: boolean; reload(): Promise<void> } | undefined) => {
    if (resource?.mounted) void resource.reload();
  };
  const onChange = ({ type, customerId }: CrmChange) => {
    // Orders and contacts feed a customer's insights, which the server recomputes after the change.
    if (type !== 'customer.updated' && insights.byCustomer.peek(customerId)?.mounted)
      insights.refreshAfterChange(customerId);
    if (type === 'customer.updated') reloadShown(customers.byId.peek(customerId));
    else if (type === 'contact.created') reloadShown(contacts.logs.peek(customerId));
    else for (const [[id], list] of orders.entries()) if (id === customerId) reloadShown(list);
  };

  return {
    $locale: atom(options.locale),
    $live: live?.$status ?? atom<LiveStatus>('idle'),
    $online: signals.$online,
    api,
    customerById: (id) => customers.byId.get(id).$state,
    reloadCustomer: (id) => customers.byId.get(id).reload(),
    ordersFor: (customerId, status) => orders.get(customerId, status).$state,
    loadMoreOrders: (customerId, status) => orders.get(customerId, status).loadMore(),
    reloadOrders: (customerId, status) => orders.get(customerId, status).reload(),
    retryOrders: (customerId, status) => orders.get(customerId, status).retry(),
    contactsFor: (customerId) => contacts.logs.get(customerId).$state,
    loadMoreContacts: (customerId) => contacts.logs.get(customerId).loadMore(),
    reloadContacts: (customerId) => contacts.logs.get(customerId).reload(),
    retryContacts: (customerId) => contacts.logs.get(customerId).retry(),
    insightsFor: (customerId) => insights.byCustomer.get(customerId).$state,
    reloadInsights: (customerId) => insights.byCustomer.get(customerId).reload(),
    updateCustomer: customers.update,
    addContactEntry: contacts.add,
    retryContactEntry: contacts.retry,
    discardContactEntry: contacts.discard,
    $offline: offline.$mode,
    $outbox: offline.$outbox,
    pendingEdit: (customerId) => customers.edits.get(customerId),
    resolveEdit: customers.resolve,
    clearOfflineData: offline.clear,
  };
}

// Kept on a registered global so that two copies of the SDK on one page (an npm build and the
// CDN script) share the page default that configure() sets.
const pageKey = Symbol.for('crm-widgets.default-instance');
const pageGlobal = globalThis as { [pageKey]?: WritableAtom<Crm | undefined> };
const $pageCrm = (pageGlobal[pageKey] ??= atom<Crm | undefined>(undefined));

/** The page-wide instance set by {@link configure}; elements outside a `<crm-provider>` use it. */
export const $defaultCrm: ReadableAtom<Crm | undefined> = $pageCrm;

const $configureAwaited = atom(typeof document !== 'undefined');

/**
 * Whether the page may still be about to call {@link configure}: until a second after its `load`
 * event. A script-tag page defines the elements (the bundle) a moment before its own script
 * configures them; meanwhile they show their loading state rather than "not configured", which
 * flashed for a frame and, being shorter, moved everything below it twice (layout shift).
 */
export const $awaitingConfigure: ReadableAtom<boolean> = $configureAwaited;

if (typeof document !== 'undefined') {
  const settle = () => setTimeout(() => $configureAwaited.set(false), 1000);
  if (document.readyState === 'complete') settle();
  else addEventListener('load', settle, { once: true });
}

/**
 * Sets the page-wide default instance, for script-tag hosts:
 * `CrmWidgets.configure({ baseUrl, getToken })`. Elements already on the page pick it up.
 */
export function configure(options: CrmOptions): Crm {
  const crm = createCrm(options);
  $pageCrm.set(crm);
  return crm;
}
