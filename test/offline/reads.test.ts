// Reads that survive (offline on): what an instance showed is painted by the next one of the same
// user at once, marked with storedAt, then revalidated; nobody else sees it; the cap evicts the
// least recently stored customers.
import { expect, waitUntil } from '@open-wc/testing';
import type { ContactEntry, Customer, Order, Page } from '../../src/api/types.js';
import { maxChars, maxCustomers } from '../../src/offline/index.js';
import { json, sampleCustomer } from '../helpers/fake-fetch.js';
import { sampleInsights } from '../components/customer-insights/insights.js';
import { databaseOf, deleteDatabases, freshTenant, offlineCrm, rows } from './helpers.js';

const id = 'c_1042';
const order: Order = {
  id: 'o_1',
  number: 'SO-1001',
  customerId: id,
  status: 'paid',
  total: { amount: 12_900, currency: 'CNY' },
  items: [{ sku: 'A-1', name: '电源', quantity: 1, unitPrice: { amount: 12_900, currency: 'CNY' } }],
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};
const contact: ContactEntry = {
  id: 'e_1',
  customerId: id,
  channel: 'call',
  direction: 'outbound',
  body: 'Called about the invoice.',
  author: { id: 'u_1', name: 'Li Wei' },
  occurredAt: '2026-11-02T09:00:00.000Z',
  createdAt: '2026-11-02T09:00:00.000Z',
};
const page = <T>(data: T[]): Page<T> => ({ data, nextCursor: null });

/** A server that answers the customer (ETag "v1"), its orders and its contact log. */
const api = (request: Request) => {
  const { pathname } = new URL(request.url);
  if (pathname.endsWith('/orders')) return json(page([order]));
  if (pathname.endsWith('/contacts')) return json(page([contact]));
  return json(sampleCustomer, { headers: { ETag: '"v1"' } });
};

/** Subscribes to `store` until the returned function is called (mounting it, which loads it). */
const show = (store: { listen(listener: () => void): () => void }) => store.listen(() => undefined);

describe('offline reads', () => {
  afterEach(deleteDatabases);

  it('paints the next instance of the same user from the device at once, then revalidates with If-None-Match', async () => {
    const tenant = freshTenant();
    const first = offlineCrm(tenant, api);
    const shown = [show(first.crm.customerById(id)), show(first.crm.ordersFor(id)), show(first.crm.contactsFor(id))];
    await waitUntil(async () => (await rows(databaseOf(tenant), 'records')).length === 3, 'three records stored');
    shown.forEach((off) => off());

    // The next launch: the network does not answer until the test says so.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const next = offlineCrm(tenant, async (request) => {
      await answered;
      return request.headers.get('If-None-Match') === '"v1"' ? new Response(null, { status: 304 }) : api(request);
    });
    const $customer = next.crm.customerById(id);
    const $orders = next.crm.ordersFor(id);
    const $log = next.crm.contactsFor(id);
    const again = [show($customer), show($orders), show($log)];
    await waitUntil(() => $customer.get().data !== undefined && $orders.get().data && $log.get().data, 'painted');
    expect($customer.get()).to.include({ loading: true });
    expect($customer.get().data).to.deep.equal(sampleCustomer);
    expect($customer.get().storedAt).to.be.within(Date.now() - 60_000, Date.now());
    expect($orders.get().data).to.deep.equal([order]);
    expect($orders.get().storedAt).to.be.a('number');
    expect($log.get().data).to.deep.equal([contact]);
    expect($log.get().storedAt).to.be.a('number');

    answer();
    await waitUntil(() => !$customer.get().loading && !$orders.get().loading && !$log.get().loading);
    const revalidation = next.net.requests.find((request) => new URL(request.url).pathname.endsWith(`/${id}`))!;
    expect(revalidation.headers.get('If-None-Match')).to.equal('"v1"');
    // Confirmed by the network (304 and 200): no longer "as of".
    expect($customer.get().storedAt).to.equal(undefined);
    expect($customer.get().data).to.deep.equal(sampleCustomer);
    expect($orders.get().storedAt).to.equal(undefined);
    expect($log.get().storedAt).to.equal(undefined);
    again.forEach((off) => off());
  });

  it("paints the customer's insights from the device too, then revalidates them with If-None-Match", async () => {
    const tenant = freshTenant();
    const insights = { ...sampleInsights, customerId: id };
    const answer = (request: Request) =>
      request.headers.get('If-None-Match') === '"i1"'
        ? new Response(null, { status: 304 })
        : json(insights, { headers: { ETag: '"i1"' } });
    const first = offlineCrm(tenant, answer);
    const off = show(first.crm.insightsFor(id));
    await waitUntil(async () => (await rows(databaseOf(tenant), 'records')).length === 1, 'the insights stored');
    off();

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const next = offlineCrm(tenant, async (request) => (await released, answer(request)));
    const $insights = next.crm.insightsFor(id);
    const again = show($insights);
    await waitUntil(() => $insights.get().data !== undefined, 'not painted from the device');
    expect($insights.get().data).to.deep.equal(insights);
    expect($insights.get().storedAt).to.be.a('number');
    release();
    await waitUntil(() => !$insights.get().loading);
    expect(next.net.requests[0]!.headers.get('If-None-Match')).to.equal('"i1"');
    expect($insights.get().storedAt).to.equal(undefined);
    again();
  });

  it('shows a queued entry of the last launch in front of the stored log', async () => {
    const tenant = freshTenant();
    const first = offlineCrm(tenant, api);
    const off = show(first.crm.contactsFor(id));
    await waitUntil(async () => (await rows(databaseOf(tenant), 'records')).length === 1);
    first.signals.$online.set(false);
    await first.crm.addContactEntry(id, { channel: 'note', body: 'Written in the basement.' });
    off();

    const next = offlineCrm(tenant, () => Promise.reject(new TypeError('Failed to fetch')));
    next.signals.$online.set(false);
    const $log = next.crm.contactsFor(id);
    const again = show($log);
    await waitUntil(() => $log.get().data?.length === 2, 'the log and the queued entry');
    expect($log.get().data![0]).to.include({ body: 'Written in the basement.', pending: 'queued' });
    expect($log.get().data![1]).to.deep.equal(contact);
    expect(next.crm.$outbox.get().queued).to.equal(1);
    again();
  });

  it("shows nothing of another user's", async () => {
    const tenant = freshTenant();
    const first = offlineCrm(tenant, api);
    const off = show(first.crm.customerById(id));
    await waitUntil(async () => (await rows(databaseOf(tenant), 'records')).length === 1);
    off();

    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const other = offlineCrm(
      tenant,
      async (request) => {
        await answered;
        return api(request);
      },
      { user: 'u_2' },
    );
    const $customer = other.crm.customerById(id);
    const again = show($customer);
    await waitUntil(() => other.net.requests.length === 1, 'the request was sent');
    expect($customer.get().data).to.equal(undefined);
    expect(other.net.requests[0]!.headers.get('If-None-Match')).to.equal(null);
    answer();
    await waitUntil(() => $customer.get().data !== undefined);
    expect($customer.get().storedAt).to.equal(undefined);
    again();
  });

  it(`keeps ${maxCustomers} customers at most, the least recently stored going first`, async () => {
    const tenant = freshTenant();
    const { crm } = offlineCrm(tenant, (request) => {
      const customerId = decodeURIComponent(new URL(request.url).pathname.split('/').pop()!);
      return json({ ...sampleCustomer, id: customerId }, { headers: { ETag: '"v1"' } });
    });
    for (let n = 0; n <= maxCustomers; n++) await crm.reloadCustomer(`c_${n}`);
    const stored = async () =>
      ((await rows(databaseOf(tenant), 'records', true)) as [string, string][]).map(([c]) => c);
    await waitUntil(async () => (await stored()).includes(`c_${maxCustomers}`), 'the last one stored', {
      timeout: 5000,
    });
    const kept = await stored();
    expect(kept).to.have.length(maxCustomers);
    expect(kept).not.to.include('c_0');
    expect(kept).to.include('c_1');
  });

  it(`keeps ${maxChars.toLocaleString('en')} characters of JSON at most`, async () => {
    const tenant = freshTenant();
    // Four customers of 1.5 million characters each: the first goes when the fourth comes.
    const big = (customerId: string): Customer => ({
      ...sampleCustomer,
      id: customerId,
      company: 'x'.repeat(1_500_000),
    });
    const { crm } = offlineCrm(tenant, (request) =>
      json(big(decodeURIComponent(new URL(request.url).pathname.split('/').pop()!)), { headers: { ETag: '"v1"' } }),
    );
    const stored = async () =>
      ((await rows(databaseOf(tenant), 'records', true)) as [string, string][]).map(([c]) => c);
    for (const n of [1, 2, 3, 4]) {
      await crm.reloadCustomer(`c_${n}`);
      await waitUntil(async () => (await stored()).includes(`c_${n}`), `c_${n} stored`, { timeout: 5000 });
    }
    expect((await stored()).sort()).to.deep.equal(['c_2', 'c_3', 'c_4']);
  });
});
