// A token of another user (a sign-in without a sign-out before): the last user's database is
// closed, kept with their unsent writes, and the new user's is used; nothing of one user goes with
// the other's token.
import { expect, waitUntil } from '@open-wc/testing';
import { fakeJwt, json, problem, sampleCustomer } from '../helpers/fake-fetch.js';
import {
  databaseOf,
  deleteAfterwards,
  deleteDatabases,
  exists,
  freshTenant,
  offlineCrm,
  outboxIs,
  rows,
} from './helpers.js';

const id = 'c_1042';
const saved = {
  id: 'e_1',
  customerId: id,
  channel: 'note',
  direction: null,
  body: 'Written by the first user.',
  author: { id: 'u_1', name: 'Li Wei' },
  occurredAt: '2026-11-02T09:00:00.000Z',
  createdAt: '2026-11-02T09:00:00.000Z',
};

describe('offline, another user signing in', () => {
  afterEach(deleteDatabases);

  it("closes the last user's database, sends none of their unsent writes with the new token, and keeps both users' data apart", async () => {
    const tenant = freshTenant();
    const first = fakeJwt({ sub: 'u_1', tenant, scope: 'crm:read crm:write', exp: 4_000_000_000 });
    const second = fakeJwt({ sub: 'u_2', tenant, scope: 'crm:read crm:write', exp: 4_000_000_000 });
    deleteAfterwards(databaseOf(tenant, 'u_2'));
    // The first user's session has ended on the server.
    const { crm, net, signals, token } = offlineCrm(tenant, (request) => {
      if (request.headers.get('Authorization') === `Bearer ${first}`) return problem(401, 'Unauthorized');
      return request.method === 'POST'
        ? json(saved, { status: 201 })
        : json(sampleCustomer, { headers: { ETag: '"v1"' } });
    });
    signals.$online.set(false);
    const queued = await crm.addContactEntry(id, { channel: 'note', body: saved.body });
    expect(queued.pending).to.equal('queued');
    expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);

    // The host's provider now answers for the second user: the refused token is replaced by theirs.
    token.value = second;
    await crm.reloadCustomer(id);
    await outboxIs(crm, { queued: 0 });
    await waitUntil(async () => (await rows(databaseOf(tenant, 'u_2'), 'records')).length === 1);
    expect(await rows(databaseOf(tenant), 'records')).to.deep.equal([]);

    signals.$online.set(true);
    // Whatever would be sent goes at once on `online`; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(net.requests.filter((request) => request.method === 'POST')).to.deep.equal([]);
    expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
    expect(crm.$offline.get()).to.equal('device');

    // The first user back, in a new instance: their write is sent, with their token, once.
    const back = offlineCrm(tenant, () => json(saved, { status: 201 }));
    await waitUntil(() => back.net.requests.some((request) => request.method === 'POST'), 'nothing was sent');
    await outboxIs(back.crm, { queued: 0, sending: 0 });
    const posts = back.net.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.headers.get('Authorization'))).to.deep.equal([`Bearer ${first}`]);
    expect(await rows(databaseOf(tenant), 'outbox')).to.deep.equal([]);
  });
});

describe('offline, another user signing in while the last user’s database opens', () => {
  afterEach(deleteDatabases);

  it('shows and keeps the new user’s write, and none of the last user’s', async () => {
    const tenant = freshTenant();
    deleteAfterwards(databaseOf(tenant, 'u_2'));
    // The first user's entry of an earlier launch, still on the device.
    const earlier = offlineCrm(tenant, () => json(saved, { status: 201 }));
    earlier.signals.$online.set(false);
    await earlier.crm.addContactEntry(id, { channel: 'note', body: 'The first user’s.' });
    await outboxIs(earlier.crm, { queued: 1 });

    // The next launch opens the first user's database slowly (held until the test lets it go)...
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
      const request = open.call(this, name, version);
      if (name === databaseOf(tenant))
        Object.defineProperty(request, 'onsuccess', {
          set(listener: (event: Event) => void) {
            request.addEventListener('success', (event) => void held.then(() => listener.call(request, event)));
          },
        });
      return request;
    };
    // ...with a token that has run out: the provider, asked again, signs the second user in.
    const tokens = [fakeJwt({ sub: 'u_1', tenant, scope: 'crm:read crm:write', exp: 1 })];
    const second = fakeJwt({ sub: 'u_2', tenant, scope: 'crm:read crm:write', exp: 4_000_000_000 });
    const { crm, signals } = offlineCrm(tenant, () => json({ data: [], nextCursor: null }), {
      getToken: () => tokens.shift() ?? second,
    });
    try {
      signals.$online.set(false);
      const $log = crm.contactsFor(id);
      const off = $log.listen(() => undefined);
      await waitUntil(() => tokens.length === 0, 'the first token was never asked for');
      await crm.reloadContacts(id).catch(() => undefined);
      const written = crm.addContactEntry(id, { channel: 'note', body: 'The second user’s.' });
      letGo();
      expect((await written).pending).to.equal('queued');
      const pending = () => ($log.get().data ?? []).filter((entry) => entry.pending).map((entry) => entry.body);
      await waitUntil(() => pending().length === 1, `pending: ${JSON.stringify(pending())}`);
      expect(pending()).to.deep.equal(['The second user’s.']);
      off();
      expect(await rows(databaseOf(tenant, 'u_2'), 'outbox')).to.have.length(1);
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
    } finally {
      IDBFactory.prototype.open = open;
      letGo();
    }
  });
});

describe('offline, another user signing in while a write waits', () => {
  afterEach(deleteDatabases);

  for (const how of ['the first user’s token is refused (401)', 'the first user’s token runs out'])
    it(`keeps the first user's write for them when ${how}`, async () => {
      const tenant = freshTenant();
      // A token that has run out is asked for again before each request.
      const exp = how.includes('runs out') ? Math.floor(Date.now() / 1000) : 4_000_000_000;
      const first = fakeJwt({ sub: 'u_1', tenant, scope: 'crm:read crm:write', exp });
      const second = fakeJwt({ sub: 'u_2', tenant, scope: 'crm:read crm:write', exp: 4_000_000_000 });
      const { crm, net, signals, token } = offlineCrm(tenant, (request) =>
        request.headers.get('Authorization') === `Bearer ${first}` && exp > 2_000_000_000
          ? problem(401, 'Unauthorized')
          : json(saved, { status: 201 }),
      );
      token.value = first;
      deleteAfterwards(databaseOf(tenant, 'u_2'));
      signals.$online.set(false);
      await crm.addContactEntry(id, { channel: 'note', body: saved.body });
      await outboxIs(crm, { queued: 1 });

      token.value = second;
      signals.$online.set(true);
      await outboxIs(crm, { queued: 0 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sentAs = net.requests
        .filter((request) => request.method === 'POST')
        .map((request) => request.headers.get('Authorization'));
      expect(sentAs).not.to.include(`Bearer ${second}`);
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
    });
});

describe('clearOfflineData without a token', () => {
  afterEach(deleteDatabases);

  it("deletes every database of this API on the device when no token names the user, and no other API's", async () => {
    const tenant = freshTenant();
    const { crm } = offlineCrm(tenant, () => json(sampleCustomer, { headers: { ETag: '"v1"' } }));
    await crm.reloadCustomer(id);
    await waitUntil(async () => (await rows(databaseOf(tenant), 'records')).length === 1);
    const otherApi = `crm-widgets/other.example.com/${tenant}/u_1`;
    deleteAfterwards(otherApi);
    await new Promise((resolve) => {
      const open = indexedDB.open(otherApi);
      open.onsuccess = () => resolve(open.result.close());
    });

    // The session ran out: the provider refuses, as at a sign-out after it.
    const signingOut = offlineCrm(tenant, () => json(sampleCustomer), {
      getToken: () => Promise.reject(new Error('signed out')),
    });
    await signingOut.crm.clearOfflineData();
    expect(await exists(databaseOf(tenant))).to.equal(false);
    expect(await exists(otherApi)).to.equal(true);
  });
});
