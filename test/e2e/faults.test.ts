// Faults end to end (issue #15): the API process killed and restarted under a page that shows all
// four elements, and an API that answers 429, 503, nothing, or broken JSON. The API is a reference
// API of this engine's own (test/faulty-api.mjs), on a database kept on disk, reached through the
// test server, which can drop its connections and inject the faults.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { Customer } from '../../src/api/types.js';
import { faultyApi, faultyApiUp } from '../helpers/faulty-api.js';
import { createCrm, type Crm } from '../../src/stores/crm.js';

interface Seen {
  method: string;
  path: string;
  lastEventId?: string;
}

let base = '';
let token = '';

async function api<T>(method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).to.equal(true);
  return { data: (await response.json()) as T, etag: response.headers.get('ETag') ?? '' };
}

/** Renames a customer as another user would, straight through the API. */
async function rename(id: string, name: string) {
  const { etag } = await api('GET', `v1/customers/${id}`);
  await api('PATCH', `v1/customers/${id}`, { name }, { 'If-Match': etag });
}

const shadow = (host: Element, selector: string) => host.shadowRoot!.querySelector<HTMLElement>(selector);
const text = (host: Element, selector: string) => shadow(host, selector)?.textContent?.trim();

/** The four elements for `id`, under one provider of `crm`. */
async function page(crm: Crm, id: string) {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}>
      <crm-customer-card customer-id=${id}></crm-customer-card>
      <crm-customer-insights customer-id=${id}></crm-customer-insights>
      <crm-order-list customer-id=${id}></crm-order-list>
      <crm-contact-log customer-id=${id}></crm-contact-log>
    </crm-provider>`,
  );
  const [card, insights, orders, contacts] = [
    'crm-customer-card',
    'crm-customer-insights',
    'crm-order-list',
    'crm-contact-log',
  ].map((tag) => provider.querySelector(tag)!);
  return { card: card!, insights: insights!, orders: orders!, contacts: contacts! };
}

const loaded = (element: Element) => shadow(element, '[part="base"]')?.getAttribute('aria-busy') === 'false';

describe('faults, end to end', function () {
  this.timeout(90_000);
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);

  before(async function () {
    this.timeout(120_000);
    base = await faultyApiUp('start');
    const response = await fetch(`${base}v1/auth/demo-token`, {
      method: 'POST',
      body: JSON.stringify({ ttlSeconds: 600 }),
    });
    token = ((await response.json()) as { token: string }).token;
    window.addEventListener('error', onError);
  });
  afterEach(() => faultyApi('clear'));
  after(() => window.removeEventListener('error', onError));

  const crmFor = () => createCrm({ baseUrl: new URL(base, location.href).href, getToken: () => token, timeout: 1500 });

  async function customers(): Promise<Customer[]> {
    return (await api<{ data: Customer[] }>('GET', 'v1/customers?limit=10')).data.data;
  }

  it('recovers by itself from the API process being killed and restarted, and misses no change', async () => {
    const [customer] = await customers();
    const id = customer!.id;
    const crm = crmFor();
    const { card, insights, orders, contacts } = await page(crm, id);
    await waitUntil(() => [card, insights, orders, contacts].every(loaded), 'the page never loaded', {
      timeout: 20_000,
    });
    await waitUntil(() => crm.$live.get() === 'open', 'the live stream never opened', { timeout: 10_000 });
    // A change before the outage, seen live, so the stream has an event id to resume from.
    await rename(id, 'Before the outage');
    await waitUntil(() => text(card, '[part="name"]') === 'Before the outage', 'no live change', { timeout: 10_000 });

    await faultyApi('kill');
    // Written during the outage: it fails, and stays on screen with its text and a way to send it again.
    const body = `Written during the outage ${Date.now()}`;
    const sent = crm.addContactEntry(id, { channel: 'note', body });
    await sent.then(
      () => expect.fail('the entry was sent to a dead server'),
      () => undefined,
    );
    await waitUntil(() => shadow(contacts, '[part="resend"]'), 'the failed entry offers no resend', {
      timeout: 10_000,
    });
    expect(text(contacts, '[part="timeline"]')).to.contain(body);
    // What the page showed stays shown.
    expect(text(card, '[part="name"]')).to.equal('Before the outage');
    expect(orders.shadowRoot!.querySelector('[part="error"]'), 'the order list failed').to.equal(null);

    // Back up, but the page's stream still cut off: another user changes the customer in the gap.
    await faultyApi('blockEvents', { blocked: true });
    await faultyApiUp('restart');
    await rename(id, 'Changed during the gap');
    await faultyApi('blockEvents', { blocked: false });
    await waitUntil(
      () => text(card, '[part="name"]') === 'Changed during the gap',
      'the change in the gap was missed',
      {
        timeout: 40_000,
      },
    );
    await waitUntil(() => crm.$live.get() === 'open', 'the live stream never reopened', { timeout: 40_000 });
    const { result: seen } = await faultyApi<Seen[]>('requests');
    const streams = seen.filter((request) => request.path.startsWith('/v1/events'));
    expect(streams.at(-1)!.lastEventId, 'the stream resumed without Last-Event-ID').to.match(/^\d+$/);

    shadow(contacts, '[part="resend"]')!.click();
    const settled = () => !shadow(contacts, '[part="resend"]') && !shadow(contacts, '[part="status"]');
    await waitUntil(settled, 'the entry was never sent again', { timeout: 10_000 });
    const log = await api<{ data: { body: string }[] }>('GET', `v1/customers/${id}/contacts?limit=50`);
    expect(log.data.data.filter((entry) => entry.body === body)).to.have.length(1);
    // The entry's live event reloads the log and the insights: each ends loaded, none in error.
    await waitUntil(() => [card, insights, orders, contacts].every(loaded), 'an element never settled', {
      timeout: 15_000,
    });
    for (const element of [card, insights, orders, contacts]) expect(shadow(element, '[part="error"]')).to.equal(null);
    expect(errors).to.deep.equal([]);
  });

  // Safe requests are tried again twice after a 429 or a 503 (ky, honouring Retry-After), never
  // after a timeout (each attempt would wait as long again) or an answer that is not JSON.
  const faults: [string, string, number][] = [
    ['429 with Retry-After', '429', 3],
    ['503', '503', 3],
    ['a request that hangs past the timeout', 'hang', 1],
    ['malformed JSON', 'malformed', 1],
  ];
  for (const [what, fault, tries] of faults) {
    it(`shows ${what} as a visible error with Retry, and recovers`, async () => {
      const [, customer] = await customers();
      const id = customer!.id;
      await faultyApi('fault', { path: `^/v1/customers/${id}$`, fault });
      const crm = createCrm({
        baseUrl: new URL(base, location.href).href,
        getToken: () => token,
        timeout: 1500,
        live: false,
      });
      const { card, orders } = await page(crm, id);
      await waitUntil(() => shadow(card, '[part="retry"]'), `${fault}: no error with Retry`, { timeout: 30_000 });
      expect(text(card, '[part="error"]')).to.have.length.greaterThan(10);
      expect(shadow(card, '[part="error"]')!.getAttribute('role')).to.equal('alert');
      // The other elements, whose requests were not faulted, are not dragged down.
      await waitUntil(() => loaded(orders) && !shadow(orders, '[part="error"]'), 'the order list failed too', {
        timeout: 10_000,
      });
      const { result: seen } = await faultyApi<Seen[]>('requests');
      const attempts = seen.filter((request) => request.path === `/v1/customers/${id}`).length;
      expect(attempts, 'attempts').to.equal(tries);

      await faultyApi('clear');
      shadow(card, '[part="retry"]')!.click();
      await waitUntil(() => text(card, '[part="name"]') === customer!.name, `${fault}: never recovered`, {
        timeout: 10_000,
      });
      expect(shadow(card, '[part="error"]')).to.equal(null);
      expect(errors).to.deep.equal([]);
    });
  }
});
