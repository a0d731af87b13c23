// Offline end to end (#13): a host page with `offline: true` (test/e2e/offline-host.html: the classic
// script, a card and a contact log) in frames of this page's origin, against a reference API of this
// engine's own (test/faulty-api.mjs: a real server on a database on disk, which the test server can
// kill, restart, and make lose answers). Reloading a frame is relaunching the app: IndexedDB stays.
// What is on the server is counted through the API.
import { expect, waitUntil } from '@open-wc/testing';
import type { Customer } from '../../src/api/types.js';
import { faultyApi, faultyApiUp } from '../helpers/faulty-api.js';
import type { Crm } from '../../src/stores/crm.js';

interface HostWindow extends Window {
  crm: Crm;
  hostErrors: string[];
  unavailable: string[];
}

declare global {
  interface Window {
    offlineToken?: (user: string) => string;
  }
}

let base = '';
/** Each user's token; the frames ask for theirs with `parent.offlineToken(user)`, as a native app holds one. */
const tokens = new Map<string, string>();
window.offlineToken = (user) => tokens.get(user)!;

/** A user of its own per test: a database of its own on the device. */
async function newUser(prefix: string): Promise<string> {
  const user = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const response = await fetch(`${base}v1/auth/demo-token`, {
    method: 'POST',
    body: JSON.stringify({ userId: user, ttlSeconds: 3600 }),
  });
  tokens.set(user, ((await response.json()) as { token: string }).token);
  return user;
}

/** A request to the API as `user`, straight from the test (never through the SDK). */
async function api<T>(user: string, method: string, path: string, body?: object, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens.get(user)}`, 'Content-Type': 'application/json', ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.ok, `${method} ${path}: ${response.status}`).to.equal(true);
  return { data: (await response.json()) as T, etag: response.headers.get('ETag') ?? '' };
}

/** How many entries with `body` the customer's contact log holds on the server. */
async function onServer(user: string, customerId: string, body: string): Promise<number> {
  const log = await api<{ data: { body: string }[] }>(user, 'GET', `v1/customers/${customerId}/contacts?limit=100`);
  return log.data.data.filter((entry) => entry.body === body).length;
}

async function customerAt(user: string, index: number): Promise<Customer> {
  return (await api<{ data: Customer[] }>(user, 'GET', 'v1/customers?limit=20')).data.data[index]!;
}

const frames: HTMLIFrameElement[] = [];
const loaded = (frame: HTMLIFrameElement) =>
  new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));

/** The host page for `user` and `customer` in a phone-sized frame, once its scripts have run. */
async function open(user: string, customer: string, extra = ''): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.width = '390';
  frame.height = '700';
  frame.src = `/test/e2e/offline-host.html?base=${encodeURIComponent(base)}&user=${user}&customer=${customer}${extra}`;
  frames.push(frame);
  const ready = loaded(frame);
  document.body.append(frame);
  await ready;
  return frame;
}

/** Relaunches the app: the page goes and comes back, its storage stays. */
async function relaunch(frame: HTMLIFrameElement) {
  const ready = loaded(frame);
  frame.contentWindow!.location.reload();
  await ready;
}

const host = (frame: HTMLIFrameElement) => frame.contentWindow as HostWindow;
const element = (frame: HTMLIFrameElement, tag: string) => frame.contentDocument!.querySelector(tag)!;
const inside = (frame: HTMLIFrameElement, tag: string, selector: string) =>
  element(frame, tag).shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const nameOn = (frame: HTMLIFrameElement) => text(inside(frame, 'crm-customer-card', '[part="name"]'));

/** The log's entry showing `body`, if any. */
function entryOf(frame: HTMLIFrameElement, body: string): HTMLElement | undefined {
  const entries = element(frame, 'crm-contact-log').shadowRoot?.querySelectorAll<HTMLElement>('[part~="entry"]');
  return [...(entries ?? [])].find((entry) => text(entry.querySelector('[part="body"]')) === body);
}

/** The device's connection going (`offline`) or coming back (`online`), as the frame's browser says it. */
function network(frame: HTMLIFrameElement, state: 'online' | 'offline') {
  const win = frame.contentWindow!;
  if (state === 'online') win.dispatchEvent(new Event('offline'));
  win.dispatchEvent(new Event(state));
}

const outboxOf = (frame: HTMLIFrameElement) => host(frame).crm.$outbox.get();
const outboxEmpty = (frame: HTMLIFrameElement) => {
  const { queued, sending, failed, conflicts } = outboxOf(frame);
  return queued + sending + failed + conflicts === 0;
};
const queuedText = 'Saved on this device — sends when you are online';

/** Waits until the card and the log of `frame` show `customer` loaded. */
async function shown(frame: HTMLIFrameElement, customer: Customer) {
  await waitUntil(() => nameOn(frame) === customer.name, `the card never showed ${customer.name}`, {
    timeout: 20_000,
  });
  await waitUntil(
    () => inside(frame, 'crm-contact-log', '[part="base"]')?.getAttribute('aria-busy') === 'false',
    'the contact log never loaded',
    { timeout: 20_000 },
  );
}

/** Reads the names of what the device keeps for `user` (same origin as the frames, so the same IndexedDB). */
function storedKeys(user: string): Promise<IDBValidKey[]> {
  const name = `crm-widgets/${new URL(base).host}/demo/${user}`;
  return new Promise((resolve) => {
    const request = indexedDB.open(name);
    // Never makes the database (the SDK would then find one without its stores).
    request.onupgradeneeded = () => request.transaction!.abort();
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('records')) return (db.close(), resolve([]));
      const keys = db.transaction('records').objectStore('records').getAllKeys();
      keys.onsuccess = () => (db.close(), resolve(keys.result));
    };
    request.onerror = () => resolve([]);
  });
}

describe('offline, end to end', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(150_000);
    base = new URL(await faultyApiUp('start'), location.href).href;
  });
  afterEach(async () => {
    for (const frame of frames.splice(0)) frame.remove();
    await faultyApi('clear');
    if (!(await faultyApi<boolean>('ready')).result) await faultyApiUp('start');
  });

  it('keeps an entry written while unreachable through a relaunch still unreachable, and sends it once', async () => {
    const user = await newUser('u_relaunch');
    const customer = await customerAt(user, 1);
    const frame = await open(user, customer.id);
    await shown(frame, customer);
    // Kept on the device for the next launch (written in the background after the answers came).
    await waitUntil(
      async () => {
        const keys = (await storedKeys(user)).map(String);
        return keys.includes(`${customer.id},customer`) && keys.includes(`${customer.id},contacts`);
      },
      'the card and the log were never kept on the device',
      { timeout: 10_000 },
    );

    await faultyApi('kill');
    const body = `Written in the basement ${Date.now()}`;
    const queued = await host(frame).crm.addContactEntry(customer.id, { channel: 'note', body });
    expect(queued.pending).to.equal('queued');

    // Relaunched with the API still unreachable: the card and the unsent entry come from the device.
    await relaunch(frame);
    await waitUntil(() => nameOn(frame) === customer.name, 'the relaunched card showed nothing', { timeout: 15_000 });
    await waitUntil(() => inside(frame, 'crm-customer-card', '[part="stale"]'), 'the card does not say how old it is', {
      timeout: 15_000,
    });
    await waitUntil(() => entryOf(frame, body), 'the unsent entry is not in the relaunched log', { timeout: 15_000 });
    await waitUntil(() => text(entryOf(frame, body)!.querySelector('[part="status"]')) === queuedText, 'not queued', {
      timeout: 15_000,
    });
    expect(entryOf(frame, body)!.getAttribute('part')).to.equal('entry queued');
    expect(outboxOf(frame).queued).to.equal(1);
    expect(await onServer(user, customer.id, body).catch(() => -1), 'the API is down').to.equal(-1);

    await faultyApiUp('restart');
    network(frame, 'online');
    await waitUntil(() => outboxEmpty(frame), 'the entry was never sent', { timeout: 30_000 });
    // The log shows the server's entry once the answer is in (or after reloading): 30 s, as for the
    // other waits here, for a CI machine running three engines and their APIs at once.
    await waitUntil(
      () => entryOf(frame, body) && !entryOf(frame, body)!.querySelector('[part="status"]'),
      'not shown as sent',
      { timeout: 30_000 },
    );
    expect(await onServer(user, customer.id, body)).to.equal(1);
    expect(host(frame).hostErrors).to.deep.equal([]);
  });

  it('sends an entry whose answer was lost (page killed mid-replay) again on relaunch, and it lands once', async () => {
    const user = await newUser('u_killed');
    const customer = await customerAt(user, 2);
    let frame = await open(user, customer.id);
    await shown(frame, customer);
    const path = `^/v1/customers/${customer.id}/contacts$`;
    // The server takes every POST and commits it, but no answer reaches the page.
    await faultyApi('fault', { path, method: 'POST', fault: 'lost' });
    const body = `Answer lost ${Date.now()}`;
    const queued = await host(frame).crm.addContactEntry(customer.id, { channel: 'call', body });
    expect(queued.pending).to.equal('queued');
    const posts = async () =>
      (await faultyApi<{ method: string; path: string }[]>('requests')).result.filter(
        (request) => request.method === 'POST' && request.path.endsWith('/contacts'),
      ).length;
    expect(await posts()).to.be.at.least(1);
    expect(await onServer(user, customer.id, body), 'the server never took the entry').to.equal(1);

    // The page is killed with the entry in its outbox; the network is back when the app relaunches.
    frame.remove();
    await faultyApi('clear');
    frame = await open(user, customer.id);
    await waitUntil(async () => (await posts()) > 0, 'the relaunched page did not send it again', { timeout: 30_000 });
    await waitUntil(() => outboxEmpty(frame), 'the entry never left the outbox', { timeout: 30_000 });
    await waitUntil(() => entryOf(frame, body), 'the entry is not in the log', { timeout: 10_000 });
    await waitUntil(() => !entryOf(frame, body)!.querySelector('[part="status"]'), 'not shown as confirmed', {
      timeout: 10_000,
    });
    expect(entryOf(frame, body)!.getAttribute('part')).to.equal('entry');
    expect(await onServer(user, customer.id, body)).to.equal(1);
    expect(host(frame).hostErrors).to.deep.equal([]);
  });

  it('sends the entries two tabs queued once each, one tab at a time', async () => {
    const user = await newUser('u_tabs');
    const customer = await customerAt(user, 3);
    const [first, second] = [await open(user, customer.id), await open(user, customer.id)];
    await Promise.all([shown(first!, customer), shown(second!, customer)]);
    network(first!, 'offline');
    network(second!, 'offline');
    const bodies = [`From tab one ${Date.now()}`, `From tab two ${Date.now()}`];
    await host(first!).crm.addContactEntry(customer.id, { channel: 'note', body: bodies[0]! });
    await host(second!).crm.addContactEntry(customer.id, { channel: 'note', body: bodies[1]! });
    await faultyApi('clear');

    // Both come back online at once.
    network(first!, 'online');
    network(second!, 'online');
    for (const frame of [first!, second!])
      await waitUntil(() => outboxEmpty(frame), 'a tab never emptied its outbox', { timeout: 30_000 });
    for (const body of bodies) expect(await onServer(user, customer.id, body), body).to.equal(1);
    // One replayer at a time, each checking a write is still there: each entry was sent once.
    const { result: seen } = await faultyApi<{ method: string; path: string }[]>('requests');
    expect(seen.filter((request) => request.method === 'POST' && request.path.endsWith('/contacts'))).to.have.length(2);
    for (const frame of [first!, second!]) {
      for (const body of bodies)
        await waitUntil(
          () => entryOf(frame, body) && !entryOf(frame, body)!.querySelector('[part="status"]'),
          `${body} not shown as sent`,
          { timeout: 10_000 },
        );
      expect(host(frame).hostErrors).to.deep.equal([]);
    }
  });

  it('keeps the other user’s value when an edit queued meanwhile comes online, and shows the conflict', async () => {
    const user = await newUser('u_edit');
    const other = await newUser('u_other');
    const customer = await customerAt(user, 4);
    const frame = await open(user, customer.id);
    await shown(frame, customer);
    network(frame, 'offline');
    const mine = `Mine ${Date.now()}`;
    const edited = await host(frame).crm.updateCustomer(customer.id, { name: mine });
    expect(edited.name).to.equal(mine);
    expect(host(frame).crm.pendingEdit(customer.id).get()?.state).to.equal('queued');
    await waitUntil(() => nameOn(frame) === mine, 'the card does not show the edit kept on the device');

    // Another user changes the same field meanwhile.
    const theirs = `Theirs ${Date.now()}`;
    const { etag } = await api(other, 'GET', `v1/customers/${customer.id}`);
    await api(other, 'PATCH', `v1/customers/${customer.id}`, { name: theirs }, { 'If-Match': etag });

    network(frame, 'online');
    await waitUntil(() => inside(frame, 'crm-customer-card', '[part="conflict"]'), 'no conflict panel', {
      timeout: 30_000,
    });
    await waitUntil(
      () => text(inside(frame, 'crm-customer-card', '[part="theirs"]')) === theirs,
      'the panel does not show the server’s value',
      { timeout: 10_000 },
    );
    const difference = inside(frame, 'crm-customer-card', '[part="difference"][data-field="name"]')!;
    expect(text(difference.querySelector('[part="yours"]'))).to.equal(mine);
    expect(host(frame).crm.pendingEdit(customer.id).get()?.state).to.equal('conflict');
    expect(outboxOf(frame).conflicts).to.equal(1);
    const { data: now } = await api<Customer>(user, 'GET', `v1/customers/${customer.id}`);
    expect(now.name, 'the queued edit overwrote the other user’s').to.equal(theirs);
    expect(host(frame).hostErrors).to.deep.equal([]);
  });

  it('works in memory when IndexedDB cannot be opened, says so once, and throws nothing', async () => {
    const user = await newUser('u_noidb');
    const customer = await customerAt(user, 5);
    const frame = await open(user, customer.id, '&no-idb');
    await shown(frame, customer);
    // 30 s: it failed once at 10 s in WebKit during a full CI run (never when run alone, even with the
    // CPU busy); a failure says where the instance was.
    await waitUntil(() => host(frame).crm.$offline.get() === 'memory', undefined, { timeout: 30_000 }).catch(() => {
      const { crm, unavailable, hostErrors } = host(frame);
      const seen = JSON.stringify({ mode: crm.$offline.get(), unavailable, hostErrors });
      throw new Error(`the instance never went to memory: ${seen}`);
    });
    const body = `Written without storage ${Date.now()}`;
    const sent = await host(frame).crm.addContactEntry(customer.id, { channel: 'note', body });
    expect(sent.pending).to.equal(undefined);
    await waitUntil(() => entryOf(frame, body), 'the entry is not in the log');
    expect(await onServer(user, customer.id, body)).to.equal(1);
    expect(host(frame).unavailable).to.have.length(1);
    expect(host(frame).hostErrors).to.deep.equal([]);
    expect(await storedKeys(user)).to.deep.equal([]);
  });

  it('works in memory in a sandboxed iframe (an opaque origin), says so once, and throws nothing', async () => {
    const user = await newUser('u_sandboxed');
    const customer = await customerAt(user, 6);
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    const query = new URLSearchParams({ base, token: tokens.get(user)!, customer: customer.id });
    frame.src = `/test/e2e/offline-sandboxed.html?${query}`;
    frames.push(frame);
    // The frame's origin is opaque: it can only post what it saw.
    const seen = new Promise<Record<string, unknown>>((resolve) =>
      addEventListener('message', function heard(event) {
        if (event.source !== frame.contentWindow) return;
        removeEventListener('message', heard);
        resolve(event.data as Record<string, unknown>);
      }),
    );
    document.body.append(frame);
    const report = await seen;
    // Every engine throws SecurityError from indexedDB.open() and deleteDatabase() there. The API
    // refuses the opaque origin (CORS): the entry waits in memory, and goes with clearOfflineData.
    expect(report).to.deep.equal({
      errors: [],
      unavailable: ['blocked'],
      pending: 'queued',
      mode: 'memory',
      queued: 1,
      cleared: 0,
    });
  });
});
