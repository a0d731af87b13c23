// The bridge and offline: `config` turns it on (with the Keychain's or Keystore's key), the key
// never reaches the bridge's state, `signout` wipes the user's data, and the outbox events reach
// native code.
import { expect, waitUntil } from '@open-wc/testing';
import { createBridge, type CrmBridge } from '../../src/bridge/index.js';
import { $defaultCrm, type Crm } from '../../src/stores/crm.js';
import { fakeJwt } from '../helpers/fake-fetch.js';
import { databaseOf, deleteDatabases, exists, freshTenant, outboxIs, rows } from '../offline/helpers.js';
import { installHost, pageCrm, type FakeHost } from './helpers.js';

const baseUrl = 'https://crm.example.com/';
/** 32 random bytes in base64, as native code reads them from the Keychain or Keystore. */
const keyMaterial = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

describe('bridge offline', () => {
  let host: FakeHost | undefined;
  let bridge: CrmBridge | undefined;
  let answering: ReturnType<typeof setInterval> | undefined;
  afterEach(async () => {
    clearInterval(answering);
    bridge?.stop();
    host?.uninstall();
    bridge = host = undefined;
    pageCrm.set(undefined);
    await deleteDatabases();
  });

  /** A bridge whose native side answers every token request with a token of `tenant`'s user u_1. */
  function start(tenant: string) {
    host = installHost('webkit');
    const started = (bridge = createBridge());
    const answered = new Set<string>();
    const token = fakeJwt({ sub: 'u_1', tenant, scope: 'crm:read crm:write', exp: 4_000_000_000 });
    answering = setInterval(() => {
      for (const message of host!.sent())
        if (message.type === 'token-request' && !answered.has(message.id!)) {
          answered.add(message.id!);
          started.receive({ v: 1, type: 'token', id: message.id, payload: { token } });
        }
    }, 10);
    // Nothing reaches crm.example.com: entries wait in the outbox.
    started.receive({ v: 1, type: 'offline' });
    return started;
  }

  /** Configures offline on, and waits for an entry written while offline to be queued in the database. */
  async function queueEntry(started: CrmBridge, tenant: string, payload: Record<string, unknown> = {}): Promise<Crm> {
    started.receive({ v: 1, type: 'config', payload: { baseUrl, offline: true, ...payload } });
    const crm = $defaultCrm.get()!;
    expect(crm.$offline.get()).to.equal('device');
    await crm.addContactEntry('c_1042', { channel: 'note', body: 'Met at the fair.' });
    await outboxIs(crm, { queued: 1 });
    await waitUntil(async () => (await rows(databaseOf(tenant), 'outbox')).length === 1, 'the entry stored');
    return crm;
  }

  it('turns offline on from config, and seals with the key material, which the state never holds', async () => {
    const tenant = freshTenant();
    const started = start(tenant);
    const material = keyMaterial();
    await queueEntry(started, tenant, { offlineKey: material });
    expect(JSON.stringify(started.$state.get())).not.to.include(material);
    expect(started.$state.get().config).to.deep.equal({ baseUrl, offline: true });
    const [row] = (await rows(databaseOf(tenant), 'outbox')) as { v: { iv?: Uint8Array; p?: unknown } }[];
    expect(row!.v.iv).to.have.length(12);
    expect(row!.v.p).to.equal(undefined);
  });

  it('keeps offline off without it, and makes a new instance when a later config turns it on', () => {
    const started = start(freshTenant());
    started.receive({ v: 1, type: 'config', payload: { baseUrl } });
    const first = $defaultCrm.get()!;
    expect(first.$offline.get()).to.equal('off');
    started.receive({ v: 1, type: 'config', payload: { customerId: 'c_1' } });
    expect($defaultCrm.get()).to.equal(first);
    started.receive({ v: 1, type: 'config', payload: { offline: true } });
    expect($defaultCrm.get()).not.to.equal(first);
    expect($defaultCrm.get()!.$offline.get()).to.equal('device');
  });

  it('wipes the user’s database on signout', async () => {
    const tenant = freshTenant();
    const started = start(tenant);
    const crm = await queueEntry(started, tenant);
    expect(await exists(databaseOf(tenant))).to.equal(true);
    started.receive({ v: 1, type: 'signout' });
    await waitUntil(async () => !(await exists(databaseOf(tenant))), 'the database is still there');
    expect(crm.$outbox.get()).to.deep.equal({ queued: 0, sending: 0, failed: 0, conflicts: 0 });
  });

  it('after signout, the next config makes a new instance (the next user’s data never goes into the last one’s)', async () => {
    const tenant = freshTenant();
    const started = start(tenant);
    const crm = await queueEntry(started, tenant, { offlineKey: keyMaterial() });
    started.receive({ v: 1, type: 'signout' });
    await waitUntil(async () => !(await exists(databaseOf(tenant))), 'the database is still there');
    started.receive({ v: 1, type: 'config', payload: { baseUrl, offline: true } });
    expect($defaultCrm.get()).not.to.equal(crm);
    expect($defaultCrm.get()!.$offline.get()).to.equal('device');
  });

  it('sends crm-outbox-change to native code with the counts', async () => {
    const tenant = freshTenant();
    const started = start(tenant);
    await queueEntry(started, tenant);
    await waitUntil(() =>
      host!.sent().some((message) => message.type === 'event' && message.payload?.['name'] === 'crm-outbox-change'),
    );
    const event = host!
      .sent()
      .filter((message) => message.type === 'event' && message.payload?.['name'] === 'crm-outbox-change')
      .at(-1)!;
    expect(event.payload!['detail']).to.deep.equal({ queued: 1, sending: 0, failed: 0, conflicts: 0 });
  });
});
