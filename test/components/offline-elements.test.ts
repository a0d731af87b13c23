// The elements on an instance with `offline` on (IndexedDB, the outbox), over a fake network that
// can be cut: what the user sees from writing without network to the write landing, across a relaunch.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { ContactEntry, Customer } from '../../src/api/types.js';
import type { CrmContactLog } from '../../src/components/contact-log/contact-log.js';
import type { CrmCustomerCard } from '../../src/components/customer-card/customer-card.js';
import { announcerRegion } from '../../src/core/announcer.js';
import { englishStrings } from '../helpers/strings.js';
import { part, writeEntry } from '../helpers/shadow-parts.js';
import type { Crm } from '../../src/stores/crm.js';
import { expectEqualAccess } from '../helpers/equal-access.js';
import { json, sampleCustomer } from '../helpers/fake-fetch.js';
import { freshTenant, offlineCrm } from '../offline/helpers.js';

const en = englishStrings;
const id = 'c_1042';

/** A reference API in miniature: the customer (versioned), its contact log, and a switch that cuts it off. */
function api() {
  const server = {
    up: true,
    customer: sampleCustomer as Customer,
    version: 1,
    entries: [] as ContactEntry[],
    posts: 0,
  };
  const etag = () => `"v${server.version}"`;
  const handler = async (request: Request) => {
    if (!server.up) throw new TypeError('Failed to fetch');
    const path = new URL(request.url).pathname;
    if (request.method === 'POST') {
      server.posts += 1;
      const body = (await request.json()) as Partial<ContactEntry>;
      const entry: ContactEntry = {
        id: `e_${server.posts}`,
        customerId: id,
        channel: body.channel!,
        direction: body.direction ?? null,
        body: body.body!,
        author: { id: 'u_1', name: 'Olivia' },
        occurredAt: new Date().toISOString(),
        createdAt: new Date().toISOString(),
      };
      server.entries.unshift(entry);
      return json(entry, { status: 201 });
    }
    if (request.method === 'PATCH') {
      if (request.headers.get('If-Match') !== etag())
        return json({ title: 'Precondition failed', status: 412, current: server.customer }, { status: 412 });
      server.customer = { ...server.customer, ...((await request.json()) as Partial<Customer>) };
      server.version += 1;
      return json(server.customer, { headers: { ETag: etag() } });
    }
    if (path.endsWith('/contacts')) return json({ data: server.entries, nextCursor: null });
    return json(server.customer, { headers: { ETag: etag() } });
  };
  return { server, handler };
}

async function mount(crm: Crm) {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-customer-card customer-id=${id}></crm-customer-card><crm-contact-log customer-id=${id}></crm-contact-log
    ></crm-provider>`,
  );
  const card = provider.querySelector<CrmCustomerCard>('crm-customer-card')!;
  const log = provider.querySelector<CrmContactLog>('crm-contact-log')!;
  await waitUntil(() => part(card, 'name') && (part(log, 'message') || part(log, 'entry')), 'nothing was shown');
  return { card, log };
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();
const announced = (message: string) =>
  waitUntil(() => announcerRegion()?.textContent === message, `“${message}” was never announced`, { timeout: 5000 });

async function rename(card: CrmCustomerCard, name: string) {
  part(card, 'edit')!.click();
  await card.updateComplete;
  const input = card.shadowRoot!.querySelector<HTMLInputElement>('#edit-name')!;
  input.value = name;
  input.dispatchEvent(new InputEvent('input'));
  part(card, 'save')!.click();
}

describe('elements with offline on', () => {
  it('keep what was written without network on the device, show it after a relaunch, and say when it lands', async () => {
    const tenant = freshTenant();
    const { server, handler } = api();
    const first = offlineCrm(tenant, handler);
    let shown = await mount(first.crm);
    // The network goes.
    server.up = false;
    first.signals.$online.set(false);
    await writeEntry(shown.log, 'Written in the basement');
    await announced(en.common.queued);
    await waitUntil(() => part(shown.log, 'queued'), 'the entry was not shown as queued');
    await rename(shown.card, 'Renamed offline');
    await announced(en.common.queued);
    await waitUntil(() => text(part(shown.card, 'status')) === en.common.queued, 'the edit was not shown as queued');

    // Relaunch, still offline: the card and the unsent entry come from the device, with their age.
    const second = offlineCrm(tenant, handler);
    second.signals.$online.set(false);
    shown = await mount(second.crm);
    await waitUntil(() => part(shown.log, 'queued'), 'the queued entry did not survive the relaunch');
    expect(text(part(shown.log, 'queued')!.querySelector('[part="body"]'))).to.equal('Written in the basement');
    expect(text(part(shown.log, 'queued')!.querySelector('[part="status"]'))).to.equal(en.common.queued);
    await waitUntil(() => part(shown.card, 'stale'), 'the card did not say how old it is');
    expect(text(part(shown.card, 'status'))).to.equal(en.common.queued);
    expect(part(shown.card, 'message') === null, 'the card showed a message instead of the customer').to.equal(true);
    await expect(shown.log).to.be.accessible();
    await expectEqualAccess(shown.log);
    await expectEqualAccess(shown.card);

    // Back online: each write lands once, and the user hears it.
    server.up = true;
    second.signals.$online.set(true);
    await waitUntil(() => !part(shown.log, 'queued'), 'the entry was never sent', { timeout: 8000 });
    await waitUntil(() => !part(shown.card, 'status'), 'the edit was never sent', { timeout: 8000 });
    expect(server.posts).to.equal(1);
    expect(server.customer.name).to.equal('Renamed offline');
    await waitUntil(() => !part(shown.card, 'stale') && !part(shown.log, 'stale'), 'the age stayed after revalidating');
    second.signals.$online.set(false);
  });

  it('open the conflict panel for an edit that met a newer record, and discard it there', async () => {
    const tenant = freshTenant();
    const { server, handler } = api();
    const { crm, signals } = offlineCrm(tenant, handler);
    const { card } = await mount(crm);
    server.up = false;
    signals.$online.set(false);
    await rename(card, 'Mine');
    await waitUntil(() => text(part(card, 'status')) === en.common.queued, 'the edit was not queued');
    // Someone else renames the customer meanwhile.
    server.customer = { ...server.customer, name: 'Theirs' };
    server.version += 1;
    server.up = true;
    signals.$online.set(true);
    await waitUntil(() => part(card, 'conflict'), 'no conflict panel', { timeout: 8000 });
    await announced(en.customerCard.conflictAnnounced);
    expect(text(part(card, 'yours'))).to.equal('Mine');
    expect(text(part(card, 'theirs'))).to.equal('Theirs');
    part(card, 'discard')!.click();
    await waitUntil(() => !part(card, 'form'), 'the panel stayed');
    await waitUntil(() => text(part(card, 'name')) === 'Theirs', 'the server’s record was not shown');
    expect(server.customer.name).to.equal('Theirs');
    expect(crm.pendingEdit(id).get()).to.equal(undefined);
    signals.$online.set(false);
  });
});
