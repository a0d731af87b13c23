// Encryption at rest (offline: { key }): records and queued writes sealed with AES-GCM, a fresh IV
// each; another key (or none) on the next launch drops the cached records and keeps the writes.
import { expect, waitUntil } from '@open-wc/testing';
import type { ContactEntry } from '../../src/api/types.js';
import { json, sampleCustomer } from '../helpers/fake-fetch.js';
import { databaseOf, deleteDatabases, freshTenant, offlineCrm, outboxIs, rows } from './helpers.js';

const id = 'c_1042';
const body = 'Secret: the customer plans to switch suppliers.';
const saved: ContactEntry = {
  id: 'e_1',
  customerId: id,
  channel: 'note',
  direction: null,
  body,
  author: { id: 'u_1', name: 'Li Wei' },
  occurredAt: '2026-11-02T09:00:00.000Z',
  createdAt: '2026-11-02T09:00:00.000Z',
};
const newKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
const api = (request: Request) =>
  request.method === 'POST' ? json(saved, { status: 201 }) : json(sampleCustomer, { headers: { ETag: '"v1"' } });

/** Everything readable in a stored row: its JSON, and its bytes as text. */
function textOf(row: unknown): string {
  const buffers: string[] = [];
  const json = JSON.stringify(row, (_key, value: unknown) => {
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer);
      buffers.push(new TextDecoder().decode(bytes));
      return '<bytes>';
    }
    return value;
  });
  return json + buffers.join('');
}

/** A first launch with `key`: the customer shown, and an entry written while offline. */
async function firstLaunch(tenant: string, key: CryptoKey | undefined) {
  const { crm, signals } = offlineCrm(tenant, api, { offline: key ? { key } : true });
  await crm.reloadCustomer(id);
  await waitUntil(async () => (await rows(databaseOf(tenant), 'records')).length === 1, 'the customer stored');
  signals.$online.set(false);
  await crm.addContactEntry(id, { channel: 'note', body });
  await outboxIs(crm, { queued: 1 });
}

describe('offline encryption', () => {
  afterEach(deleteDatabases);

  it('seals records and queued writes: nothing of them is readable in IndexedDB', async () => {
    const tenant = freshTenant();
    await firstLaunch(tenant, await newKey());
    const stored = [...(await rows(databaseOf(tenant), 'records')), ...(await rows(databaseOf(tenant), 'outbox'))];
    expect(stored).to.have.length(2);
    for (const row of stored) {
      const text = textOf(row);
      expect(text).not.to.include(sampleCustomer.name);
      expect(text).not.to.include(sampleCustomer.email);
      expect(text).not.to.include('switch suppliers');
    }
    // A fresh 12-byte IV per record.
    const ivs = stored.map((row) => (row as { v: { iv: Uint8Array } }).v.iv);
    expect(ivs.every((iv) => iv.length === 12)).to.equal(true);
    expect(textOf(ivs[0])).not.to.equal(textOf(ivs[1]));
  });

  it('stores in the clear without a key (what the guide warns of)', async () => {
    const tenant = freshTenant();
    await firstLaunch(tenant, undefined);
    expect(textOf(await rows(databaseOf(tenant), 'records'))).to.include(sampleCustomer.name);
  });

  for (const [what, next] of [
    ['another key', () => newKey()],
    ['no key', () => Promise.resolve(undefined)],
  ] as const) {
    it(`with ${what} next time, drops the cached records and keeps queued writes until the key returns`, async () => {
      const tenant = freshTenant();
      const key = await newKey();
      await firstLaunch(tenant, key);

      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const other = await next();
      const wrong = offlineCrm(
        tenant,
        async (request) => {
          await answered;
          return api(request);
        },
        { offline: other ? { key: other } : true },
      );
      const $customer = wrong.crm.customerById(id);
      const off = $customer.listen(() => undefined);
      await waitUntil(() => wrong.net.requests.length > 0, 'the customer asked for');
      // Nothing painted from the device: it could not be read.
      expect($customer.get().data).to.equal(undefined);
      expect(await rows(databaseOf(tenant), 'records')).to.deep.equal([]);
      // The queued entry is kept and counted, but neither shown nor sent.
      await outboxIs(wrong.crm, { queued: 1 });
      expect(wrong.net.requests.filter((request) => request.method === 'POST')).to.deep.equal([]);
      expect(await rows(databaseOf(tenant), 'outbox')).to.have.length(1);
      answer();
      await waitUntil(() => $customer.get().data !== undefined);
      off();

      // The right key returns: the entry is read and sent.
      const right = offlineCrm(tenant, api, { offline: { key } });
      const posts = () => right.net.requests.filter((request) => request.method === 'POST');
      await waitUntil(() => posts().length === 1, 'the entry sent');
      await outboxIs(right.crm, { queued: 0, sending: 0 });
      await waitUntil(async () => (await rows(databaseOf(tenant), 'outbox')).length === 0, 'out of the outbox');
      expect(posts()).to.have.length(1);
    });
  }
});
