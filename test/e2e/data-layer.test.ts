// The data layer against the reference API and its real database: request counts, conditional
// requests, conflicts, optimistic contact entries, live updates over /v1/events, and tokens that
// never leave memory.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { CrmApiError } from '../../src/api/errors.js';
import type { Customer } from '../../src/api/types.js';
import { createCrm, type Crm } from '../../src/stores/crm.js';

const apiUrl = (window as unknown as { __crmTest: { apiUrl: string } }).__crmTest.apiUrl;

const issued: string[] = [];
async function demoToken(userId = 'u_1'): Promise<string> {
  const response = await fetch(`${apiUrl}v1/auth/demo-token`, {
    method: 'POST',
    body: JSON.stringify({ userId, ttlSeconds: 600 }),
  });
  const { token } = (await response.json()) as { token: string };
  issued.push(token);
  return token;
}

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  status?: number;
}

/** A real fetch that records what the SDK sent and got, and can cut event streams short. */
function recordingFetch(options: { cutStreamsAfterEvents?: number } = {}) {
  const seen: Seen[] = [];
  let streamsCut = 0;
  const recorded: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const entry: Seen = { method: request.method, url: request.url, headers: new Headers(request.headers) };
    seen.push(entry);
    const response = await fetch(request);
    entry.status = response.status;
    if (options.cutStreamsAfterEvents && request.url.endsWith('/v1/events') && streamsCut === 0 && response.body) {
      streamsCut += 1;
      // Pass the stream through until N events went by, then end it, as a dropped connection would.
      let events = 0;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const cut = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done) return controller.close();
          controller.enqueue(value);
          events += (decoder.decode(value, { stream: true }).match(/^event:/gm) ?? []).length;
          if (events >= options.cutStreamsAfterEvents!) {
            await reader.cancel();
            controller.close();
          }
        },
      });
      return new Response(cut, { status: response.status, headers: response.headers });
    }
    return response;
  };
  return { fetch: recorded, seen };
}

function instance(recorder = recordingFetch(), userId = 'u_1'): { crm: Crm; seen: Seen[] } {
  const crm = createCrm({ baseUrl: apiUrl, getToken: () => demoToken(userId), fetch: recorder.fetch });
  return { crm, seen: recorder.seen };
}

// The three engines run these tests at the same time against one server: each writes to its own
// customers, so one engine's changes never land in another's assertions.
const engineOffset = /Firefox\//.test(navigator.userAgent) ? 100 : /Chrome\//.test(navigator.userAgent) ? 0 : 200;
const customerId = (base: number) => `c_${base + engineOffset}`;

const nameIn = (card: Element) => card.shadowRoot?.querySelector('[part="name"]')?.textContent?.trim();
const customerGets = (seen: Seen[], id: string) =>
  seen.filter((s) => s.method === 'GET' && s.url.endsWith(`/v1/customers/${id}`));

describe('data layer against the reference API', () => {
  it('makes one request per resource for three elements showing one customer', async () => {
    const { crm, seen } = instance();
    const page = await fixture(
      html`<crm-provider .crm=${crm}>
        <crm-customer-card customer-id=${customerId(1010)}></crm-customer-card>
        <crm-customer-card customer-id=${customerId(1010)}></crm-customer-card>
        <crm-customer-card customer-id=${customerId(1010)}></crm-customer-card>
      </crm-provider>`,
    );
    const cards = [...page.querySelectorAll('crm-customer-card')];
    await waitUntil(() => cards.every((card) => nameIn(card)), 'the cards never showed the customer', {
      timeout: 8000,
    });
    expect(customerGets(seen, customerId(1010))).to.have.length(1);
  });

  it('revalidates with If-None-Match and keeps the cached customer on a 304', async () => {
    const { crm, seen } = instance();
    const $customer = crm.customerById(customerId(1011));
    const off = $customer.listen(() => undefined);
    await waitUntil(() => $customer.get().data, 'never loaded', { timeout: 8000 });
    const first = $customer.get().data!;
    await crm.reloadCustomer(customerId(1011));
    const [, second] = customerGets(seen, customerId(1011));
    expect(second!.headers.get('If-None-Match')).to.match(/^".+"$/);
    expect(second!.status).to.equal(304);
    expect($customer.get().data).to.equal(first);
    off();
  });

  it('reports a conflict with the current record instead of overwriting a newer change', async () => {
    const a = instance();
    const b = instance(recordingFetch(), 'u_2');
    const offA = a.crm.customerById(customerId(1012)).listen(() => undefined);
    const offB = b.crm.customerById(customerId(1012)).listen(() => undefined);
    await waitUntil(
      () => a.crm.customerById(customerId(1012)).get().data && b.crm.customerById(customerId(1012)).get().data,
      'never loaded',
      { timeout: 8000 },
    );
    const saved = await a.crm.updateCustomer(customerId(1012), { name: `Saved by A ${Date.now()}` });
    let conflict: CrmApiError | undefined;
    try {
      await b.crm.updateCustomer(customerId(1012), { name: 'Lost update by B' });
    } catch (error) {
      conflict = error as CrmApiError;
    }
    expect(conflict).to.be.instanceOf(CrmApiError);
    expect(conflict!.kind).to.equal('conflict');
    expect((conflict!.current as Customer).name).to.equal(saved.name);
    await waitUntil(
      () => b.crm.customerById(customerId(1012)).get().data?.name === saved.name,
      'B never showed the current record',
    );
    offA();
    offB();
  });

  it('shows a new contact entry at once, then confirmed; keeps a refused one with its text', async () => {
    const { crm } = instance();
    const $log = crm.contactsFor(customerId(1013));
    const off = $log.listen(() => undefined);
    await waitUntil(() => $log.get().data, 'the log never loaded', { timeout: 8000 });
    const sending = crm.addContactEntry(customerId(1013), {
      channel: 'call',
      direction: 'outbound',
      body: 'Called about the renewal',
    });
    expect($log.get().data![0]!.pending).to.equal('sending');
    const confirmed = await sending;
    expect($log.get().data![0]!.id).to.equal(confirmed.id);
    expect($log.get().data![0]!.pending).to.equal(undefined);

    const missing = crm.contactsFor('c_999999');
    const offMissing = missing.listen(() => undefined);
    const refused = await crm
      .addContactEntry('c_999999', { channel: 'note', body: 'Keep this text' })
      .catch((error: unknown) => error);
    expect((refused as CrmApiError).status).to.equal(404);
    const failed = missing.get().data!.find((entry) => entry.pending === 'failed')!;
    expect(failed.body).to.equal('Keep this text');
    off();
    offMissing();
  });

  it('pages orders on demand without duplicates', async () => {
    const { crm } = instance();
    const $orders = crm.ordersFor('c_1001');
    const off = $orders.listen(() => undefined);
    await waitUntil(() => $orders.get().data, 'orders never loaded', { timeout: 8000 });
    while ($orders.get().hasMore) await crm.loadMoreOrders('c_1001');
    const ids = $orders.get().data!.map((order) => order.id);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids.length).to.be.greaterThan(0);
    off();
  });

  it('shows another user’s change in an open element, live', async () => {
    const { crm } = instance();
    const card = await fixture(
      html`<crm-provider .crm=${crm}
        ><crm-customer-card customer-id=${customerId(1014)}></crm-customer-card
      ></crm-provider>`,
    );
    const shown = card.querySelector('crm-customer-card')!;
    await waitUntil(() => nameIn(shown), 'never loaded', { timeout: 8000 });
    await waitUntil(() => crm.$live.get() === 'open', 'the live stream never opened', { timeout: 8000 });
    const other = instance(recordingFetch(), 'u_3');
    const newName = `Renamed elsewhere ${Date.now()}`;
    await other.crm.updateCustomer(customerId(1014), { name: newName });
    await waitUntil(() => nameIn(shown) === newName, 'the change never arrived', { timeout: 5000 });
  });

  it('reconnects with Last-Event-ID after the stream drops, and catches up', async () => {
    const recorder = recordingFetch({ cutStreamsAfterEvents: 1 });
    const { crm, seen } = instance(recorder);
    const $log = crm.contactsFor(customerId(1015));
    const off = $log.listen(() => undefined);
    await waitUntil(() => crm.$live.get() === 'open', 'the live stream never opened', { timeout: 8000 });
    const writer = instance(recordingFetch(), 'u_4');
    await writer.crm.addContactEntry(customerId(1015), { channel: 'note', body: 'first, ends the stream' });
    await waitUntil(() => seen.filter((s) => s.url.endsWith('/v1/events')).length >= 2, 'no reconnect', {
      timeout: 8000,
    });
    const reconnect = seen.filter((s) => s.url.endsWith('/v1/events'))[1]!;
    expect(reconnect.headers.get('Last-Event-ID')).to.match(/^\d+$/);
    const later = await writer.crm.addContactEntry(customerId(1015), {
      channel: 'note',
      body: 'second, after the reconnect',
    });
    await waitUntil(() => $log.get().data?.some((entry) => entry.id === later.id), 'the later entry never arrived', {
      timeout: 5000,
    });
    off();
  });

  it('leaves no token in storage, cookies or URLs', async () => {
    const everything = [
      JSON.stringify({ ...localStorage }),
      JSON.stringify({ ...sessionStorage }),
      document.cookie,
      location.href,
      ...performance.getEntriesByType('resource').map((entry) => entry.name),
      ...('databases' in indexedDB ? (await indexedDB.databases()).map((db) => db.name ?? '') : []),
    ].join('\n');
    expect(issued.length).to.be.greaterThan(0);
    for (const token of issued) expect(everything.includes(token)).to.equal(false);
  });
});
