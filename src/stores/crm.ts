import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import { safeParse } from '../api/validate.js';
import { createApiClient, type ApiClient, type TokenProvider } from '../api/client.js';
import { CrmApiError } from '../api/errors.js';
import { contactEntrySchema, customerSchema, insightsSchema, orderSchema, pageSchema } from '../api/schemas.js';
import type {
  ContactEntry,
  Customer,
  CustomerInsights,
  CustomerPatch,
  NewContactEntry,
  Order,
  OrderStatus,
} from '../api/types.js';
import { createPagedResource, type PagedResource, type PagedState } from './paged.js';
import { createResource, type Resource, type ResourceState } from './resource.js';
import {
  browserSignals,
  createLiveStream,
  type CrmChange,
  type LiveStatus,
  type PlatformSignals,
} from './live.js';

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
}

/** A contact-log entry as the log shows it: confirmed, or written here and not yet confirmed. */
export interface ContactLogEntry extends ContactEntry {
  /** `sending` until the server confirms; `failed` (with `error`) if it refused — the text is kept. */
  pending?: 'sending' | 'failed';
  error?: CrmApiError;
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
  reloadOrders(customerId: string, status?: OrderStatus): Promise<void>;
  /** A customer's contact log, newest first, page by page, with entries still being sent. */
  contactsFor(customerId: string): ReadableAtom<PagedState<ContactLogEntry>>;
  loadMoreContacts(customerId: string): Promise<void>;
  reloadContacts(customerId: string): Promise<void>;
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
   */
  updateCustomer(id: string, patch: CustomerPatch, options?: { base?: Customer }): Promise<Customer>;
  /**
   * Adds an entry: it appears at once as `sending`, then confirmed. If the server refuses, it stays
   * as `failed` with its text; `retryContactEntry` sends it again with the same Idempotency-Key.
   */
  addContactEntry(customerId: string, entry: NewContactEntry): Promise<ContactEntry>;
  retryContactEntry(customerId: string, pendingId: string): Promise<ContactEntry>;
  /** Drops a failed entry the user gave up on. */
  discardContactEntry(customerId: string, pendingId: string): void;
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
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

const customerPath = (id: string) => `v1/customers/${encodeURIComponent(id)}`;
/** A random UUID v4 (crypto.randomUUID needs a secure context, which a file:// webview may not be). */
function newKey(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Creates an SDK instance. Throws a `TypeError` naming the bad option. */
export function createCrm(options: CrmOptions): Crm {
  const baseUrl = checkOptions(options);
  const api = createApiClient({
    baseUrl,
    getToken: options.getToken,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const customers = new Map<string, Resource<Customer>>();
  const orders = new Map<string, PagedResource<Order>>();
  const contacts = new Map<string, PagedResource<ContactLogEntry>>();
  const insights = new Map<string, Resource<CustomerInsights>>();
  const insightTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const insightsDelay = options.insightsDelay ?? 3000;
  const pendingEntries = new Map<string, { customerId: string; key: string; entry: NewContactEntry }>();

  const refreshShown = () => {
    for (const resource of [...customers.values(), ...orders.values(), ...contacts.values(), ...insights.values()]) {
      if (resource.mounted) void resource.reload();
    }
  };
  // Orders and contacts feed a customer's insights, which the server recomputes after the change:
  // ask a little later, once for a burst of changes, and again (up to four times) while they are unchanged.
  const refreshInsights = (customerId: string, delay = insightsDelay, tries = 5) => {
    clearTimeout(insightTimers.get(customerId));
    insightTimers.set(
      customerId,
      setTimeout(async () => {
        insightTimers.delete(customerId);
        const resource = insights.get(customerId);
        if (!resource?.mounted) return;
        const before = resource.peek()?.data.computedAt;
        await resource.reload();
        if (tries > 1 && resource.peek()?.data.computedAt === before) refreshInsights(customerId, delay * 2, tries - 1);
      }, delay),
    );
  };
  const onChange = (change: CrmChange) => {
    if (change.type !== 'customer.updated' && insights.get(change.customerId)?.mounted)
      refreshInsights(change.customerId);
    if (change.type === 'customer.updated') {
      const resource = customers.get(change.customerId);
      if (resource?.mounted) void resource.reload();
    } else if (change.type === 'contact.created') {
      const resource = contacts.get(change.customerId);
      if (resource?.mounted) void resource.reload();
    } else {
      for (const [key, resource] of orders)
        if (key.startsWith(`${change.customerId}?`) && resource.mounted) void resource.reload();
    }
  };
  const signals = options.signals ?? browserSignals();
  const live =
    options.live === false ? undefined : createLiveStream({ api, signals, onChange, onResume: refreshShown });
  // Without a live stream (which revalidates when it resumes), coming back online reloads what is shown.
  if (!live) signals.$online.listen((online) => online && refreshShown());
  const hooks = live ? { onMount: () => live.retain(), onUnmount: () => live.release() } : {};

  // The ETag each customer record arrived with: a save names the record it is based on.
  const customerVersions = new WeakMap<Customer, string>();
  const versioned = (data: Customer, etag: string | undefined) => {
    if (etag) customerVersions.set(data, etag);
    return { data, etag };
  };

  const customer = (id: string): Resource<Customer> => {
    let resource = customers.get(id);
    if (!resource) {
      resource = createResource<Customer>(async (signal, previous) => {
        if (previous?.etag) {
          const answer = await api.revalidate(customerPath(id), customerSchema, { signal, ifNoneMatch: previous.etag });
          return 'notModified' in answer ? previous : versioned(answer.data, answer.etag);
        }
        const answer = await api.get(customerPath(id), customerSchema, { signal });
        return versioned(answer.data, answer.etag);
      }, hooks);
      customers.set(id, resource);
    }
    return resource;
  };

  const orderList = (customerId: string, status?: OrderStatus): PagedResource<Order> => {
    const key = `${customerId}?${status ?? ''}`;
    let resource = orders.get(key);
    if (!resource) {
      const schema = pageSchema(orderSchema);
      resource = createPagedResource<Order>(async (cursor, signal) => {
        const query = new URLSearchParams();
        if (status) query.set('status', status);
        if (cursor) query.set('cursor', cursor);
        const text = query.toString();
        const suffix = text ? `?${text}` : '';
        return (await api.get(`${customerPath(customerId)}/orders${suffix}`, schema, { signal })).data;
      }, hooks);
      orders.set(key, resource);
    }
    return resource;
  };

  const contactLog = (customerId: string): PagedResource<ContactLogEntry> => {
    let resource = contacts.get(customerId);
    if (!resource) {
      const schema = pageSchema(contactEntrySchema);
      resource = createPagedResource<ContactLogEntry>(
        async (cursor, signal) => {
          const suffix = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
          return (await api.get(`${customerPath(customerId)}/contacts${suffix}`, schema, { signal })).data;
        },
        hooks,
        { isLocal: (entry) => entry.pending !== undefined },
      );
      contacts.set(customerId, resource);
    }
    return resource;
  };

  const insightsOf = (customerId: string): Resource<CustomerInsights> => {
    let resource = insights.get(customerId);
    if (!resource) {
      const path = `${customerPath(customerId)}/insights`;
      resource = createResource<CustomerInsights>(async (signal, previous) => {
        const answer = previous?.etag
          ? await api.revalidate(path, insightsSchema, { signal, ifNoneMatch: previous.etag })
          : await api.get(path, insightsSchema, { signal });
        return 'notModified' in answer ? previous! : answer;
      }, hooks);
      insights.set(customerId, resource);
    }
    return resource;
  };

  async function sendEntry(pendingId: string): Promise<ContactEntry> {
    const pending = pendingEntries.get(pendingId);
    if (!pending) throw new TypeError(`crm-widgets: no unsent contact entry ${pendingId}.`);
    const log = contactLog(pending.customerId);
    log.edit((items) =>
      items.map((item) => (item.id === pendingId ? { ...item, pending: 'sending', error: undefined } : item)),
    );
    try {
      const { data } = await api.send('post', `${customerPath(pending.customerId)}/contacts`, contactEntrySchema, {
        json: pending.entry,
        idempotencyKey: pending.key,
      });
      pendingEntries.delete(pendingId);
      log.edit((items) => [data, ...items.filter((item) => item.id !== pendingId && item.id !== data.id)]);
      return data;
    } catch (error) {
      const crmError =
        error instanceof CrmApiError ? error : new CrmApiError('network', 'The request failed.', { cause: error });
      log.edit((items) =>
        items.map((item) => (item.id === pendingId ? { ...item, pending: 'failed', error: crmError } : item)),
      );
      throw crmError;
    }
  }

  return {
    $locale: atom(options.locale),
    $live: live?.$status ?? atom<LiveStatus>('idle'),
    $online: signals.$online,
    api,
    customerById: (id) => customer(id).$state,
    reloadCustomer: (id) => customer(id).reload(),
    ordersFor: (customerId, status) => orderList(customerId, status).$state,
    loadMoreOrders: (customerId, status) => orderList(customerId, status).loadMore(),
    reloadOrders: (customerId, status) => orderList(customerId, status).reload(),
    contactsFor: (customerId) => contactLog(customerId).$state,
    loadMoreContacts: (customerId) => contactLog(customerId).loadMore(),
    reloadContacts: (customerId) => contactLog(customerId).reload(),
    insightsFor: (customerId) => insightsOf(customerId).$state,
    reloadInsights: (customerId) => insightsOf(customerId).reload(),

    async updateCustomer(id, patch, options = {}) {
      const resource = customer(id);
      // Without a version shown, `*` would overwrite blindly: read first.
      if (!options.base && !resource.peek()?.etag) await resource.reload();
      const base = options.base ?? resource.peek()?.data;
      const ifMatch = base && customerVersions.get(base);
      if (!ifMatch) {
        if (!options.base)
          throw resource.$state.get().error ?? new CrmApiError('validation', 'The customer has no version to update.');
        // A record this instance never loaded: its version is unknown, so offer the current one instead.
        await resource.reload();
        throw new CrmApiError('conflict', 'The version the changes are based on is not known; `current` is.', {
          status: 412,
          current: resource.peek()?.data,
        });
      }
      try {
        const { data, etag } = await api.send('patch', customerPath(id), customerSchema, { json: patch, ifMatch });
        resource.set(versioned(data, etag));
        return data;
      } catch (error) {
        if (error instanceof CrmApiError && error.kind === 'conflict') {
          const sent = safeParse(customerSchema, error.current);
          // Wait for the cache to show the truth (with its ETag): the caller still holds the user's
          // edits, and re-applying them on `current` must not be sent with the stale version again.
          await resource.reload();
          const cached = resource.peek()?.data;
          const current =
            cached && cached !== base && customerVersions.has(cached) ? cached : sent.success ? sent.output : undefined;
          throw new CrmApiError('conflict', error.message, {
            status: 412,
            ...(error.title ? { title: error.title } : {}),
            ...(error.detail ? { detail: error.detail } : {}),
            current,
          });
        }
        throw error;
      }
    },

    async addContactEntry(customerId, entry) {
      const pendingId = `pending:${newKey()}`;
      const now = new Date().toISOString();
      pendingEntries.set(pendingId, { customerId, key: newKey(), entry });
      contactLog(customerId).edit((items) => [
        {
          id: pendingId,
          customerId,
          channel: entry.channel,
          direction: entry.direction ?? null,
          ...(entry.subject ? { subject: entry.subject } : {}),
          body: entry.body,
          author: { id: '', name: '' },
          occurredAt: entry.occurredAt ?? now,
          createdAt: now,
          pending: 'sending',
        },
        ...items,
      ]);
      return sendEntry(pendingId);
    },
    retryContactEntry: (_customerId, pendingId) => sendEntry(pendingId),
    discardContactEntry(customerId, pendingId) {
      pendingEntries.delete(pendingId);
      contactLog(customerId).edit((items) => items.filter((item) => item.id !== pendingId));
    },
  };
}

// Kept on a registered global so that two copies of the SDK on one page (an npm build and the
// CDN script) share the page default that configure() sets.
const pageKey = Symbol.for('crm-widgets.default-instance');
const pageGlobal = globalThis as { [pageKey]?: WritableAtom<Crm | undefined> };
const $pageCrm = (pageGlobal[pageKey] ??= atom<Crm | undefined>(undefined));

/** The page-wide instance set by {@link configure}; elements outside a `<crm-provider>` use it. */
export const $defaultCrm: ReadableAtom<Crm | undefined> = $pageCrm;

/**
 * Sets the page-wide default instance, for script-tag hosts:
 * `CrmWidgets.configure({ baseUrl, getToken })`. Elements already on the page pick it up.
 */
export function configure(options: CrmOptions): Crm {
  const crm = createCrm(options);
  $pageCrm.set(crm);
  return crm;
}
