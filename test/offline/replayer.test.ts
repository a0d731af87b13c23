// One replayer per user database: two instances (two tabs, two webviews) sharing one database send
// each queued write once, with Web Locks or, where there are none, a lease in the database; a page
// that died mid-replay is replayed by the next one, and the server's replay confirms it.
import { expect, waitUntil } from '@open-wc/testing';
import type { ContactEntry, NewContactEntry } from '../../src/api/types.js';
import { json } from '../helpers/fake-fetch.js';
import { deleteDatabases, freshTenant, offlineCrm, outboxIs } from './helpers.js';

const id = 'c_1042';

/** A contacts API that applies each Idempotency-Key once and replays its first answer after that. */
function idempotentServer() {
  const created = new Map<string, ContactEntry>();
  const posts: string[] = [];
  return {
    created,
    posts,
    async handle(request: Request, { loseAnswer = false } = {}): Promise<Response> {
      const key = request.headers.get('Idempotency-Key')!;
      posts.push(key);
      const body = (await request.json()) as NewContactEntry;
      // Slow enough for two replayers to overlap if nothing kept them apart.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const replayed = created.has(key);
      if (!replayed) {
        const n = created.size + 1;
        created.set(key, {
          id: `e_${n}`,
          customerId: id,
          channel: body.channel,
          direction: null,
          body: body.body,
          author: { id: 'u_1', name: 'Li Wei' },
          occurredAt: '2026-11-02T09:00:00.000Z',
          createdAt: '2026-11-02T09:00:00.000Z',
        });
      }
      if (loseAnswer) throw new TypeError('Failed to fetch');
      return json(created.get(key), { status: 201, headers: replayed ? { 'Idempotent-Replayed': 'true' } : {} });
    },
  };
}

/** Two instances of one user, both offline, with entries queued in each; then both online at once. */
async function twoTabs() {
  const tenant = freshTenant();
  const server = idempotentServer();
  const a = offlineCrm(tenant, (request) => server.handle(request));
  const b = offlineCrm(tenant, (request) => server.handle(request));
  a.signals.$online.set(false);
  b.signals.$online.set(false);
  for (const body of ['a1', 'a2', 'a3']) await a.crm.addContactEntry(id, { channel: 'note', body });
  for (const body of ['b1', 'b2']) await b.crm.addContactEntry(id, { channel: 'note', body });
  a.signals.$online.set(true);
  b.signals.$online.set(true);
  await waitUntil(() => server.created.size === 5, `created ${server.created.size}`, { timeout: 8000 });
  await outboxIs(a.crm, { queued: 0, sending: 0 });
  await outboxIs(b.crm, { queued: 0, sending: 0 });
  // Each entry sent exactly once: no key twice, so no replay was needed either.
  expect(server.posts).to.have.length(5);
  expect(new Set(server.posts).size).to.equal(5);
  expect([...server.created.values()].map((entry) => entry.body).sort()).to.deep.equal(['a1', 'a2', 'a3', 'b1', 'b2']);
  return { a, b };
}

describe('one replayer per database', () => {
  afterEach(deleteDatabases);

  it('sends each entry of two instances sharing a database exactly once (Web Locks)', async function () {
    if (!navigator.locks) this.skip();
    await twoTabs();
  });

  it('sends each entry exactly once with the lease where Web Locks are missing', async () => {
    const own = Object.getOwnPropertyDescriptor(navigator, 'locks');
    Object.defineProperty(navigator, 'locks', { configurable: true, value: undefined });
    try {
      await twoTabs();
    } finally {
      if (own) Object.defineProperty(navigator, 'locks', own);
      else delete (navigator as { locks?: unknown }).locks;
    }
  });

  it('the other instance drops from its log the entries sent by the first', async function () {
    if (!navigator.locks) this.skip();
    const { a, b } = await twoTabs();
    for (const { crm } of [a, b]) {
      const $log = crm.contactsFor(id);
      const off = $log.listen(() => undefined);
      await waitUntil(() => !$log.get().loading);
      expect($log.get().data!.filter((entry) => entry.pending)).to.deep.equal([]);
      off();
    }
  });

  it('replays on the next launch what a page sent before it died, and the server confirms it once', async () => {
    const tenant = freshTenant();
    const server = idempotentServer();
    // The server commits the entry, but the answer never reaches the page, which then goes away.
    const gone = offlineCrm(tenant, (request) => server.handle(request, { loseAnswer: true }));
    const queued = await gone.crm.addContactEntry(id, { channel: 'note', body: 'Written before the crash.' });
    expect(queued.pending).to.equal('queued');
    gone.signals.$online.set(false);
    expect(server.created.size).to.equal(1);

    const next = offlineCrm(tenant, (request) => server.handle(request));
    await waitUntil(() => server.posts.length === 2, 'sent again on the next launch');
    await outboxIs(next.crm, { queued: 0, sending: 0 });
    expect(server.posts[1]).to.equal(server.posts[0]);
    expect(server.created.size).to.equal(1);
  });
});
