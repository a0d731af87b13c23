// clearOfflineData(): the user's database goes (records and outbox), and so do the unsent writes
// the instance holds in memory.
import { expect, waitUntil } from '@open-wc/testing';
import type { CrmOfflineUnavailableEvent } from '../../src/events/offline-unavailable-event.js';
import { json, sampleCustomer } from '../helpers/fake-fetch.js';
import { databaseOf, deleteDatabases, exists, freshTenant, offlineCrm, outboxIs, rows } from './helpers.js';

const id = 'c_1042';
const saved = {
  id: 'e_9',
  customerId: id,
  channel: 'note',
  direction: null,
  body: 'After signing out.',
  author: { id: 'u_1', name: 'Li Wei' },
  occurredAt: '2026-11-02T09:00:00.000Z',
  createdAt: '2026-11-02T09:00:00.000Z',
};

describe('clearOfflineData', () => {
  afterEach(deleteDatabases);

  it("deletes the user's database and forgets the unsent writes", async () => {
    const tenant = freshTenant();
    const { crm, signals } = offlineCrm(tenant, () => json(sampleCustomer, { headers: { ETag: '"v1"' } }));
    await crm.reloadCustomer(id);
    signals.$online.set(false);
    await crm.addContactEntry(id, { channel: 'note', body: 'To be wiped.' });
    await crm.updateCustomer(id, { name: 'Wiped' });
    await outboxIs(crm, { queued: 2 });
    const $log = crm.contactsFor(id);
    const off = $log.listen(() => undefined);
    expect(await rows(databaseOf(tenant), 'records')).to.have.length(1);

    await crm.clearOfflineData();
    expect(await exists(databaseOf(tenant))).to.equal(false);
    expect(crm.$outbox.get()).to.deep.equal({ queued: 0, sending: 0, failed: 0, conflicts: 0 });
    expect(crm.pendingEdit(id).get()).to.equal(undefined);
    expect(crm.customerById(id).get().data).to.deep.equal(sampleCustomer);
    await waitUntil(() => $log.get().data !== undefined);
    expect($log.get().data!.filter((entry) => entry.pending)).to.deep.equal([]);
    off();
  });

  it('stores nothing on the device afterwards: the database is not made again', async () => {
    const tenant = freshTenant();
    const { crm } = offlineCrm(tenant, (request) =>
      request.method === 'POST' ? json(saved, { status: 201 }) : json(sampleCustomer, { headers: { ETag: '"v1"' } }),
    );
    await crm.reloadCustomer(id);
    await crm.clearOfflineData();
    // A write goes through the outbox, which waits for storage before the request leaves.
    await crm.addContactEntry(id, { channel: 'note', body: 'After signing out.' });
    await crm.reloadCustomer(id);
    expect(await exists(databaseOf(tenant))).to.equal(false);
    expect(crm.$offline.get()).to.equal('memory');
  });

  it("stops another instance of the user from making the database again, and tells that one's host", async () => {
    const tenant = freshTenant();
    const answer = (request: Request) =>
      request.method === 'POST' ? json(saved, { status: 201 }) : json(sampleCustomer, { headers: { ETag: '"v1"' } });
    const [signingOut, otherTab] = [offlineCrm(tenant, answer).crm, offlineCrm(tenant, answer).crm];
    const heard: string[] = [];
    const listener = (event: CrmOfflineUnavailableEvent) => heard.push(event.reason);
    document.addEventListener('crm-offline-unavailable', listener);
    try {
      // Both hold the database open.
      await otherTab.addContactEntry(id, { channel: 'note', body: 'Before signing out.' });
      await signingOut.reloadCustomer(id);
      await signingOut.clearOfflineData();
      expect(await exists(databaseOf(tenant))).to.equal(false);

      await otherTab.addContactEntry(id, { channel: 'note', body: 'After signing out.' });
      await otherTab.reloadCustomer(id);
      expect(await exists(databaseOf(tenant))).to.equal(false);
      expect(otherTab.$offline.get()).to.equal('memory');
      expect(heard).to.deep.equal(['blocked']);
    } finally {
      document.removeEventListener('crm-offline-unavailable', listener);
    }
  });

  it('leaves an instance with offline off untouched', async () => {
    const tenant = freshTenant();
    const { crm } = offlineCrm(tenant, () => json(sampleCustomer), { offline: false });
    await crm.clearOfflineData();
    expect(crm.$offline.get()).to.equal('off');
    expect(await exists(databaseOf(tenant))).to.equal(false);
  });
});
