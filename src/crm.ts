import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import { createApiClient, type ApiClient, type TokenProvider } from './api/client.js';
import { fetchCustomer } from './api/customers.js';
import type { Customer } from './api/types.js';
import { createResource, type Resource, type ResourceState } from './stores/resource.js';

/** How an SDK instance reaches its CRM API. */
export interface CrmOptions {
  /** The API's base URL (`https://crm.example.com/`); must be http(s). */
  baseUrl: string;
  /** Supplies bearer tokens; held in memory only. */
  getToken: TokenProvider;
  /** A BCP 47 locale (`en`, `zh-CN`) for this instance's elements; defaults to `<html lang>`. */
  locale?: string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

/**
 * One SDK instance: an API client and its own stores. Two instances share nothing — no cache
 * entry, no token — so two configurations on one page stay apart.
 */
export interface Crm {
  /** This instance's locale; elements re-render when it changes. */
  readonly $locale: WritableAtom<string | undefined>;
  readonly api: ApiClient;
  /** The store of one customer, shared by every element of this instance that shows it. */
  customerById(id: string): ReadableAtom<ResourceState<Customer>>;
  /** Loads a customer again (after an error, or on demand). */
  reloadCustomer(id: string): Promise<void>;
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
    throw new TypeError(`crm-widgets: baseUrl must be an https URL (http only for localhost), not ${url.protocol}//${url.host}.`);
  }
  if (typeof options.getToken !== 'function') {
    throw new TypeError('crm-widgets: getToken must be a function that returns a token.');
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** Creates an SDK instance. Throws a `TypeError` naming the bad option. */
export function createCrm(options: CrmOptions): Crm {
  const baseUrl = checkOptions(options);
  const api = createApiClient({ baseUrl, getToken: options.getToken, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const customers = new Map<string, Resource<Customer>>();

  const customer = (id: string): Resource<Customer> => {
    let resource = customers.get(id);
    if (!resource) {
      resource = createResource(async (signal) => (await fetchCustomer(api, id, { signal })).data);
      customers.set(id, resource);
    }
    return resource;
  };

  return {
    $locale: atom(options.locale),
    api,
    customerById: (id) => customer(id).$state,
    reloadCustomer: (id) => customer(id).reload(),
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
