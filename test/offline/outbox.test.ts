// The outbox (offline on): written to IndexedDB before the first send, and out of it only on a 2xx
// or a definite refusal; every kind of answer the API may give.
import { expect, waitUntil } from '@open-wc/testing';
import type { ContactEntry, Customer, NewContactEntry } from '../../src/api/types.js';
import { CrmApiError } from '../../src/api/errors.js';
import { fakeJwt, json, problem, sampleCustomer, type RecordedRequest } from '../helpers/fake-fetch.js';
import { databaseOf, deleteDatabases, freshTenant, offlineCrm, outboxIs, rows } from './helpers.js';

const id = 'c_1042';
const entry: NewContactEntry = { channel: 'call', body: 'Called about the invoice.' };
const saved = (n = 1): ContactEntry => ({
  id: `e_${n}`,
  customerId: id,
  channel: 'call',
  direction: null,
  body: entry.body,
  author: { id: 'u_1', name: 'Li Wei' },
  occurredAt: '2026-11-02T09:00:00.000Z',
  createdAt: '2026-11-02T09:00:00.000Z',
});
const offline = (): Promise<Response> => Promise.reject(new TypeError('Failed to fetch'));
const posts = (requests: RecordedRequest[]) => requests.filter((request) => request.method === 'POST');

describe('the outbox', () => {
  afterEach(deleteDatabases);

  describe('contact entries', () => {
    it('writes the entry with its Idempotency-Key to IndexedDB before the request leaves', async () => {
      const tenant = freshTenant();
      const inside: unknown[][] = [];
      const { crm, net } = offlineCrm(tenant, async (request) => {
        inside.push(await rows(databaseOf(tenant), 'outbox'));
        expect(request.headers.get('Idempotency-Key')).to.match(/^[\w-]{36}$/);
        return json(saved(), { status: 201 });
      });
      const confirmed = await crm.addContactEntry(id, entry);
      expect(confirmed.id).to.equal('e_1');
      expect(inside).to.have.length(1);
      expect(inside[0]).to.have.length(1);
      expect((inside[0]![0] as { id: string }).id).to.equal(net.requests[0]!.headers.get('Idempotency-Key'));
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
      expect(crm.$outbox.get()).to.deep.equal({ queued: 0, sending: 0, failed: 0, conflicts: 0 });
    });

    it('queues an entry while the API is unreachable, resolves with it, and sends it once back', async () => {
      const tenant = freshTenant();
      let answer = offline;
      const { crm, net, signals } = offlineCrm(tenant, () => answer());
      const queued = await crm.addContactEntry(id, entry);
      expect(queued.pending).to.equal('queued');
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
      await outboxIs(crm, { queued: 1 });
      // Back online, the server replays the first answer: it had taken the entry before the answer was lost.
      answer = () => Promise.resolve(json(saved(), { status: 201, headers: { 'Idempotent-Replayed': 'true' } }));
      signals.$online.set(false);
      signals.$online.set(true);
      await outboxIs(crm, { queued: 0, sending: 0 });
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
      const keys = posts(net.requests).map((request) => request.headers.get('Idempotency-Key'));
      expect(keys.length).to.be.greaterThan(1);
      expect(new Set(keys).size).to.equal(1);
    });

    it('sends at once when the page is visible again (a webview resumed), without waiting out Retry-After', async () => {
      const tenant = freshTenant();
      let busy = true;
      const { crm, net, signals } = offlineCrm(tenant, () =>
        busy ? problem(429, 'Too Many Requests', undefined, { 'Retry-After': '30' }) : json(saved(), { status: 201 }),
      );
      const queued = await crm.addContactEntry(id, entry);
      expect(queued.pending).to.equal('queued');
      busy = false;
      signals.$visible.set(false);
      signals.$visible.set(true);
      await outboxIs(crm, { queued: 0, sending: 0 });
      expect(posts(net.requests)).to.have.length(2);
    });

    it('keeps no token on the device, in any of its stores', async () => {
      const tenant = freshTenant();
      const { crm, signals, token } = offlineCrm(tenant, () => json(sampleCustomer, { headers: { ETag: '"v1"' } }));
      await crm.reloadCustomer(id);
      signals.$online.set(false);
      await crm.addContactEntry(id, entry);
      await crm.updateCustomer(id, { name: 'Offline edit' });
      await outboxIs(crm, { queued: 2 });
      const stored = JSON.stringify(
        await Promise.all((['records', 'outbox', 'meta'] as const).map((store) => rows(databaseOf(tenant), store))),
      );
      expect(stored).to.contain('Offline edit');
      // Neither the token nor its signed payload.
      expect(stored).not.to.contain(token.value.split('.')[1]);
      expect(stored).not.to.contain('signature');
    });

    it('does not send while the device says it is offline, and sends when it is online again', async () => {
      const tenant = freshTenant();
      const { crm, net, signals } = offlineCrm(tenant, () => json(saved(), { status: 201 }));
      signals.$online.set(false);
      const queued = await crm.addContactEntry(id, entry);
      expect(queued.pending).to.equal('queued');
      expect(posts(net.requests)).to.have.length(0);
      signals.$online.set(true);
      await outboxIs(crm, { queued: 0, sending: 0 });
      expect(posts(net.requests)).to.have.length(1);
    });

    it('retries a 500 with backoff, with the same key, until it lands', async () => {
      const tenant = freshTenant();
      let failures = 2;
      const { crm, net } = offlineCrm(tenant, () =>
        failures-- > 0 ? problem(500, 'Internal error') : json(saved(), { status: 201 }),
      );
      expect((await crm.addContactEntry(id, entry)).pending).to.equal('queued');
      await outboxIs(crm, { queued: 0, sending: 0 });
      expect(posts(net.requests)).to.have.length(3);
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
    });

    it('waits as long as a 429 says (Retry-After) before the next try', async () => {
      const tenant = freshTenant();
      const times: number[] = [];
      const { crm } = offlineCrm(tenant, () => {
        times.push(performance.now());
        return times.length === 1
          ? problem(429, 'Too many requests', undefined, { 'Retry-After': '1' })
          : json(saved(), { status: 201 });
      });
      expect((await crm.addContactEntry(id, entry)).pending).to.equal('queued');
      await outboxIs(crm, { queued: 0, sending: 0 });
      expect(times).to.have.length(2);
      expect(times[1]! - times[0]!).to.be.within(950, 5000);
    });

    it('waits 30 s at most, however long a 429 says (Retry-After: 120)', async () => {
      const tenant = freshTenant();
      // The outbox's waits past the requests' own 10 s timeout are recorded, and cut short so the test does not wait.
      const waits: number[] = [];
      const realSetTimeout = window.setTimeout;
      window.setTimeout = ((handler: () => void, delay = 0, ...args: unknown[]) => {
        if (delay <= 10_000) return realSetTimeout(handler, delay, ...args);
        waits.push(delay);
        return realSetTimeout(handler, 10);
      }) as typeof window.setTimeout;
      try {
        let tries = 0;
        const { crm } = offlineCrm(tenant, () =>
          tries++ === 0
            ? problem(429, 'Too many requests', undefined, { 'Retry-After': '120' })
            : json(saved(), { status: 201 }),
        );
        expect((await crm.addContactEntry(id, entry)).pending).to.equal('queued');
        await outboxIs(crm, { queued: 0, sending: 0 });
        expect(tries).to.equal(2);
        expect(waits).to.deep.equal([30_000]);
      } finally {
        window.setTimeout = realSetTimeout;
      }
    });

    it('lets go of an entry the server took with an answer that breaks the contract, and reloads the log', async () => {
      const tenant = freshTenant();
      let taken = false;
      const { crm } = offlineCrm(tenant, (request) => {
        if (request.method !== 'POST') return json({ data: taken ? [saved()] : [], nextCursor: null });
        taken = true;
        return json({ id: 'e_1' }, { status: 201 });
      });
      const log = crm.contactsFor(id);
      const off = log.listen(() => undefined);
      await waitUntil(() => log.get().data !== undefined);
      const sent = await crm.addContactEntry(id, entry);
      expect(sent).to.include({ body: entry.body, pending: undefined });
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
      await waitUntil(() => log.get().data?.length === 1 && log.get().data![0]!.id === 'e_1', 'the log reloaded');
      await outboxIs(crm, { queued: 0, sending: 0, failed: 0 });
      off();
    });

    for (const status of [400, 422]) {
      it(`lets go of an entry refused with ${status}: failed, with its text, out of the outbox`, async () => {
        const tenant = freshTenant();
        const { crm } = offlineCrm(tenant, () => problem(status, 'Invalid entry'));
        const error = await crm.addContactEntry(id, entry).catch((caught: unknown) => caught);
        expect(error).to.be.instanceOf(CrmApiError);
        expect((error as CrmApiError).status).to.equal(status);
        expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
        await outboxIs(crm, { queued: 0, failed: 1 });
        const log = crm.contactsFor(id);
        const off = log.listen(() => undefined);
        expect(log.get().data?.[0]).to.include({ pending: 'failed', body: entry.body });
        off();
      });
    }

    it('after a 401 for a fresh token too, waits for a new token, then sends', async () => {
      const tenant = freshTenant();
      const instance = offlineCrm(tenant, (request) => {
        if (
          request.headers.get('Authorization') !== `Bearer ${instance.token.value}` ||
          instance.token.value.endsWith('old')
        )
          return problem(401, 'Unauthorized');
        return request.method === 'POST' ? json(saved(), { status: 201 }) : json(sampleCustomer);
      });
      const { crm, net, token } = instance;
      token.value = `${token.value}.old`;
      expect((await crm.addContactEntry(id, entry)).pending).to.equal('queued');
      const tries = posts(net.requests).length;
      // Nothing on a timer: the same token would only be refused again.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(posts(net.requests)).to.have.length(tries);
      expect(crm.$outbox.get().queued).to.equal(1);
      // The host signs in again; the next request takes the new token, and the outbox follows.
      token.value = token.value.replace(/\.old$/, '');
      await crm.reloadCustomer(id);
      await outboxIs(crm, { queued: 0, sending: 0 });
      expect(posts(net.requests).at(-1)!.headers.get('Authorization')).to.equal(`Bearer ${token.value}`);
    });

    it('after a 401, being online or visible again does not send without a new token', async () => {
      const tenant = freshTenant();
      const instance = offlineCrm(tenant, (request) =>
        request.method === 'POST' ? problem(401, 'Unauthorized') : json(sampleCustomer),
      );
      const { crm, net, signals } = instance;
      expect((await crm.addContactEntry(id, entry)).pending).to.equal('queued');
      const tries = posts(net.requests).length;
      signals.$online.set(false);
      signals.$online.set(true);
      signals.$visible.set(false);
      signals.$visible.set(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(posts(net.requests)).to.have.length(tries);
      expect(crm.$outbox.get().queued).to.equal(1);
    });

    it('tries again with backoff when the token provider fails (the same token then is fine)', async () => {
      const tenant = freshTenant();
      // A token close to its expiry: every request asks the provider again.
      const token = fakeJwt({ sub: 'u_1', tenant, exp: Math.floor(Date.now() / 1000) + 20 });
      let failNext = false;
      const getToken = () => {
        if (!failNext) return token;
        failNext = false;
        throw new Error('The native app did not answer.');
      };
      const { crm, net } = offlineCrm(
        tenant,
        (request) => (request.method === 'POST' ? json(saved(), { status: 201 }) : json(sampleCustomer)),
        { getToken },
      );
      await crm.reloadCustomer(id);
      failNext = true;
      expect((await crm.addContactEntry(id, entry)).pending).to.equal('queued');
      await outboxIs(crm, { queued: 0, sending: 0 });
      expect(posts(net.requests)).to.have.length(1);
    });

    it('dispatches crm-outbox-change on document with the counts', async () => {
      const tenant = freshTenant();
      const seen: string[] = [];
      const listener = (event: DocumentEventMap['crm-outbox-change']) =>
        seen.push(`${event.queued}/${event.sending}/${event.failed}/${event.conflicts}`);
      document.addEventListener('crm-outbox-change', listener);
      try {
        const { crm, signals } = offlineCrm(tenant, () => json(saved(), { status: 201 }));
        signals.$online.set(false);
        await crm.addContactEntry(id, entry);
        await waitUntil(() => seen.includes('1/0/0/0'));
        signals.$online.set(true);
        await waitUntil(() => seen.at(-1) === '0/0/0/0');
        expect(seen).to.include('0/1/0/0');
      } finally {
        document.removeEventListener('crm-outbox-change', listener);
      }
    });
  });

  describe('customer edits', () => {
    const renamed = { ...sampleCustomer, name: '黄雨桐 (new)', updatedAt: '2026-11-03T00:00:00.000Z' };
    const other = { ...sampleCustomer, name: 'Someone else', updatedAt: '2026-11-04T00:00:00.000Z' };

    it('sends If-Match and an Idempotency-Key, and shows the saved record', async () => {
      const tenant = freshTenant();
      const { crm, net } = offlineCrm(tenant, (request) =>
        request.method === 'PATCH'
          ? json(renamed, { headers: { ETag: '"v2"' } })
          : json(sampleCustomer, { headers: { ETag: '"v1"' } }),
      );
      await crm.reloadCustomer(id);
      const result = await crm.updateCustomer(id, { name: renamed.name });
      expect(result.name).to.equal(renamed.name);
      const patch = net.requests.find((request) => request.method === 'PATCH')!;
      expect(patch.headers.get('If-Match')).to.equal('"v1"');
      expect(patch.headers.get('Idempotency-Key')).to.match(/^[\w-]{36}$/);
      expect(crm.pendingEdit(id).get()).to.equal(undefined);
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
    });

    it('unreachable: resolves with the record as changed here, which the store shows, and queues the edit', async () => {
      const tenant = freshTenant();
      let reachable = true;
      // As the API: once the edit is applied, a read (a revalidation on coming online) answers it too.
      let saved = false;
      const { crm, net, signals } = offlineCrm(tenant, (request) => {
        if (!reachable) throw new TypeError('Failed to fetch');
        if (request.method === 'PATCH') saved = true;
        return saved
          ? json(renamed, { headers: { ETag: '"v2"' } })
          : json(sampleCustomer, { headers: { ETag: '"v1"' } });
      });
      await crm.reloadCustomer(id);
      reachable = false;
      const result = await crm.updateCustomer(id, { name: renamed.name, phone: null });
      expect(result.name).to.equal(renamed.name);
      const $customer = crm.customerById(id);
      const off = $customer.listen(() => undefined);
      expect($customer.get().data?.name).to.equal(renamed.name);
      expect(crm.pendingEdit(id).get()).to.include({ state: 'queued' });
      expect(crm.pendingEdit(id).get()!.base.name).to.equal(sampleCustomer.name);
      // A second edit while the first waits joins it: one edit per customer.
      await crm.updateCustomer(id, { email: 'new@example.com' });
      expect(crm.pendingEdit(id).get()!.patch).to.deep.equal({
        name: renamed.name,
        phone: null,
        email: 'new@example.com',
      });
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
      reachable = true;
      signals.$online.set(false);
      signals.$online.set(true);
      await waitUntil(() => crm.pendingEdit(id).get() === undefined);
      expect($customer.get().data).to.deep.equal(renamed);
      const patches = net.requests.filter((request) => request.method === 'PATCH');
      expect(patches.at(-1)!.headers.get('If-Match')).to.equal('"v1"');
      off();
    });

    it('an edit made while the last one is on its way waits for its answer, and is sent on the version it answered', async () => {
      const tenant = freshTenant();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let version = 1;
      let current: Customer = sampleCustomer;
      const { crm, net } = offlineCrm(tenant, async (request) => {
        if (request.method === 'PATCH') {
          if (version === 1) await held;
          current = { ...current, ...((await request.json()) as Partial<Customer>) };
          version += 1;
        }
        return json(current, { headers: { ETag: `"v${version}"` } });
      });
      await crm.reloadCustomer(id);
      const first = crm.updateCustomer(id, { name: 'First' });
      await waitUntil(() => crm.pendingEdit(id).get()?.state === 'sending', 'the first edit never left');
      const second = crm.updateCustomer(id, { email: 'second@example.com' });
      release();
      expect((await first).name).to.equal('First');
      expect(await second).to.include({ name: 'First', email: 'second@example.com' });
      const patches = net.requests.filter((request) => request.method === 'PATCH');
      expect(patches.map((request) => request.headers.get('If-Match'))).to.deep.equal(['"v1"', '"v2"']);
      expect(crm.pendingEdit(id).get()).to.equal(undefined);
    });

    it('a 412 answered at once rejects as without offline, and keeps nothing', async () => {
      const tenant = freshTenant();
      const { crm } = offlineCrm(tenant, (request) =>
        request.method === 'PATCH'
          ? json({ title: 'Precondition failed', status: 412, current: other }, { status: 412 })
          : json(other, { headers: { ETag: '"v3"' } }),
      );
      await crm.reloadCustomer(id);
      const error = await crm.updateCustomer(id, { name: 'Mine' }).catch((caught: unknown) => caught);
      expect(error).to.be.instanceOf(CrmApiError);
      expect((error as CrmApiError).kind).to.equal('conflict');
      expect(crm.pendingEdit(id).get()).to.equal(undefined);
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
    });

    it('a queued edit refused with 412 becomes a conflict with the server record; reapply sends it on top', async () => {
      const tenant = freshTenant();
      let reachable = false;
      let version = '"v1"';
      const { crm, net, signals } = offlineCrm(tenant, (request) => {
        if (!reachable && request.method === 'PATCH') throw new TypeError('Failed to fetch');
        if (request.method === 'PATCH') {
          return request.headers.get('If-Match') === '"v3"'
            ? json({ ...other, name: 'Mine' }, { headers: { ETag: '"v4"' } })
            : json(
                { title: 'Precondition failed', status: 412, current: other },
                { status: 412, headers: { ETag: '"v3"' } },
              );
        }
        return json(version === '"v1"' ? sampleCustomer : other, { headers: { ETag: version } });
      });
      await crm.reloadCustomer(id);
      await crm.updateCustomer(id, { name: 'Mine' });
      expect(crm.pendingEdit(id).get()).to.include({ state: 'queued' });
      // Meanwhile someone else changed the customer.
      version = '"v3"';
      reachable = true;
      signals.$online.set(false);
      signals.$online.set(true);
      await waitUntil(() => crm.pendingEdit(id).get()?.state === 'conflict');
      const edit = crm.pendingEdit(id).get()!;
      expect(edit.current).to.deep.equal(other);
      expect(edit.patch).to.deep.equal({ name: 'Mine' });
      await outboxIs(crm, { conflicts: 1, queued: 0 });
      // Never applied silently: the store shows the server's record, and the edit stays in the outbox.
      expect(crm.customerById(id).get().data).to.deep.equal(other);
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
      await crm.resolveEdit(id, 'reapply');
      await waitUntil(() => crm.pendingEdit(id).get() === undefined);
      expect(
        net.requests
          .filter((request) => request.method === 'PATCH')
          .at(-1)!
          .headers.get('If-Match'),
      ).to.equal('"v3"');
      expect((crm.customerById(id).get().data as Customer).name).to.equal('Mine');
      await outboxIs(crm, { conflicts: 0, queued: 0 });
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
    });

    /**
     * An edit queued while unreachable that meets someone else's change (412) once back online;
     * `serverRecord` (when given) holds the reload of the server's record that follows the 412.
     */
    async function inConflict(tenant: string, serverRecord?: Promise<void>) {
      let reachable = false;
      const { crm, signals } = offlineCrm(tenant, async (request) => {
        if (!reachable && request.method === 'PATCH') throw new TypeError('Failed to fetch');
        if (request.method === 'PATCH')
          return json({ title: 'Precondition failed', status: 412, current: other }, { status: 412 });
        if (reachable) await serverRecord;
        return json(reachable ? other : sampleCustomer, { headers: { ETag: reachable ? '"v3"' : '"v1"' } });
      });
      await crm.reloadCustomer(id);
      await crm.updateCustomer(id, { name: 'Mine' });
      reachable = true;
      signals.$online.set(false);
      signals.$online.set(true);
      await waitUntil(() => crm.pendingEdit(id).get()?.state === 'conflict');
      return crm;
    }

    it('discarding a conflict keeps the server record and empties the outbox', async () => {
      const tenant = freshTenant();
      const crm = await inConflict(tenant);
      await crm.resolveEdit(id, 'discard');
      expect(crm.pendingEdit(id).get()).to.equal(undefined);
      expect(crm.customerById(id).get().data).to.deep.equal(other);
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
      await outboxIs(crm, { conflicts: 0, queued: 0 });
    });

    it('a conflict discarded while the server record is still loading stays discarded', async () => {
      const tenant = freshTenant();
      let release!: () => void;
      // The reload that follows the 412 answers only once the user has discarded.
      const held = new Promise<void>((resolve) => (release = resolve));
      const crm = await inConflict(tenant, held);
      await crm.resolveEdit(id, 'discard');
      let answered = false;
      release();
      void held.then(() => (answered = true));
      // The reload has been answered and the store has taken it; then one more task for what follows it.
      await waitUntil(() => answered && !crm.customerById(id).get().loading);
      await new Promise((resolve) => setTimeout(resolve));
      expect(crm.pendingEdit(id).get()).to.equal(undefined);
      await outboxIs(crm, { conflicts: 0, queued: 0 });
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
    });

    it('a queued edit refused with 422 is let go of and shows as failed', async () => {
      const tenant = freshTenant();
      let reachable = false;
      const { crm, signals } = offlineCrm(tenant, (request) => {
        if (!reachable && request.method === 'PATCH') throw new TypeError('Failed to fetch');
        if (request.method === 'PATCH') return problem(422, 'Invalid email');
        return json(sampleCustomer, { headers: { ETag: '"v1"' } });
      });
      await crm.reloadCustomer(id);
      await crm.updateCustomer(id, { email: 'not-an-email' });
      reachable = true;
      signals.$online.set(false);
      signals.$online.set(true);
      await waitUntil(() => crm.pendingEdit(id).get()?.state === 'failed');
      expect(crm.pendingEdit(id).get()!.error?.status).to.equal(422);
      expect(crm.customerById(id).get().data).to.deep.equal(sampleCustomer);
      expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
      await outboxIs(crm, { failed: 1, queued: 0 });
    });
  });
});
