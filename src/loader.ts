/**
 * The classic script's element loader: every element is in the one bundle, but an element's code
 * (and what only it uses: the order list's virtualizer, the insights) runs the first time the page
 * uses its tag, not when the script loads. The build (`build/one-classic-script.mjs`) keeps each
 * `import()` below inside the file as a function that is parsed lazily and called on first use.
 *
 * Before an element's code runs, the loader asks for its data: a `<crm-customer-card customer-id>`
 * on a configured page has its customer on the way while the card's code is still being compiled.
 *
 * Tags in the document are found by themselves (also those added later); tags inside a shadow
 * root the page made are not visible from the document, so a host rendering into one calls
 * `CrmWidgets.discover(shadowRoot)`, or `CrmWidgets.define()` to define every element now.
 */
import type { ReadableAtom } from 'nanostores';
import { elementFolders, elementSelector, type CrmTagName } from './core/elements.js';
import { isCustomerId } from './core/customer-id.js';
import { nextTask } from './core/next-task.js';
import { $defaultCrm, type Crm } from './stores/crm.js';

const registrations: Record<CrmTagName, () => Promise<unknown>> = {
  'crm-provider': () => import('./components/provider/crm-provider.js'),
  'crm-customer-card': () => import('./components/customer-card/crm-customer-card.js'),
  'crm-order-list': () => import('./components/order-list/crm-order-list.js'),
  'crm-contact-log': () => import('./components/contact-log/crm-contact-log.js'),
  'crm-customer-insights': () => import('./components/customer-insights/crm-customer-insights.js'),
};

type Stores = (crm: Crm, id: string, element: Element) => ReadableAtom<unknown>[];
/**
 * The stores each element reads for its `customer-id`, to ask for them early. An order list with
 * a `status` is left to itself (the element decides what a valid status is).
 */
const storesOf: Partial<Record<CrmTagName, Stores>> = {
  'crm-customer-card': (crm, id, card) => [
    crm.customerById(id),
    ...(card.hasAttribute('insights') ? [crm.insightsFor(id)] : []),
  ],
  'crm-customer-insights': (crm, id) => [crm.insightsFor(id)],
  'crm-contact-log': (crm, id) => [crm.contactsFor(id)],
  'crm-order-list': (crm, id, list) => (list.hasAttribute('status') ? [] : [crm.ordersFor(id)]),
};

const tags = Object.keys(elementFolders) as CrmTagName[];
const loading = new Map<CrmTagName, Promise<void>>();
let observer: MutationObserver | undefined;

/**
 * Runs the element's code (once) and resolves when its tag is defined; `afterRequests`: in a task
 * of its own, so that the requests just asked for leave first (they need a few microtasks, and
 * compiling and running an element's code takes tens of milliseconds on a phone).
 */
function load(tag: CrmTagName, afterRequests = false): Promise<void> {
  let defined = loading.get(tag);
  if (!defined) {
    defined = (afterRequests ? nextTask() : Promise.resolve()).then(registrations[tag]).then(() => undefined);
    loading.set(tag, defined);
    if (loading.size === tags.length) observer?.disconnect();
  }
  return defined;
}

/**
 * Starts the requests of a not yet defined element outside any provider (whose instance is the
 * page's, from `configure()`); answers how to stop holding them once the element has subscribed.
 */
function askEarly(element: Element): (() => void) | undefined {
  const crm = $defaultCrm.get();
  const stores = storesOf[element.localName as CrmTagName];
  const id = element.getAttribute('customer-id')?.trim() ?? '';
  if (!crm || !stores || !isCustomerId(id) || element.closest('crm-provider')) return undefined;
  const held = stores(crm, id, element).map((store) => store.listen(() => undefined));
  return () => held.forEach((release) => release());
}

/** Defines every element used in `root` (a document, an element, a shadow root). */
export function discover(root: ParentNode): Promise<void> {
  const found = [...root.querySelectorAll(elementSelector)];
  if (root instanceof Element && root.matches(elementSelector)) found.push(root);
  const waiting = found.filter((element) => !customElements.get(element.localName));
  const releases = waiting.map(askEarly).filter((release) => release !== undefined);
  const asked = releases.length > 0;
  const defined = Promise.all(waiting.map((element) => load(element.localName as CrmTagName, asked)));
  return defined.then(() => undefined).finally(() => releases.forEach((release) => release()));
}

/** Defines the given elements now (every element without arguments), used or not. */
export function define(...which: CrmTagName[]): Promise<void> {
  return Promise.all((which.length ? which : tags).map((tag) => load(tag))).then(() => undefined);
}

/** Defines the document's elements now and each one added later, as it first appears. */
export function watchDocument(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) void discover(node as Element);
  });
  observer.observe(document, { childList: true, subtree: true });
  void discover(document);
}
