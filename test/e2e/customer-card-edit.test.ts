// Editing in <crm-customer-card> against the reference API and its real database: a save, and a
// real conflict with another user's change that the card shows and re-applies on the new version.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { Customer } from '../../src/api/types.js';
import type { CrmCustomerCard } from '../../src/components/customer-card/customer-card.js';
import { createCrm, type Crm } from '../../src/stores/crm.js';
import { apiUrl, demoToken } from '../helpers/reference-api.js';

interface Seen {
  method: string;
  url: string;
  ifMatch: string | null;
  status?: number;
}

function instance(userId: string): { crm: Crm; seen: Seen[] } {
  const seen: Seen[] = [];
  const recorded: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const entry: Seen = { method: request.method, url: request.url, ifMatch: request.headers.get('If-Match') };
    seen.push(entry);
    const response = await fetch(request);
    entry.status = response.status;
    return response;
  };
  return { crm: createCrm({ baseUrl: apiUrl, getToken: () => demoToken(userId), fetch: recorded }), seen };
}

async function onServer(id: string): Promise<Customer> {
  const response = await fetch(`${apiUrl}v1/customers/${id}`, {
    headers: { Authorization: `Bearer ${await demoToken('u_9')}` },
  });
  return (await response.json()) as Customer;
}

// The three engines share one server: each edits its own customers (c_1087 + 0/100/200), which
// no other test writes to.
const engineOffset = /Firefox\//.test(navigator.userAgent) ? 100 : /Chrome\//.test(navigator.userAgent) ? 0 : 200;
const customerId = (base: number) => `c_${base + engineOffset}`;

const part = (card: Element, name: string) => card.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const input = (card: Element, field: string) => card.shadowRoot!.querySelector<HTMLInputElement>(`#edit-${field}`)!;

async function mount(crm: Crm, id: string): Promise<CrmCustomerCard> {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}><crm-customer-card customer-id=${id}></crm-customer-card></crm-provider>`,
  );
  const card = provider.querySelector('crm-customer-card')!;
  await waitUntil(() => part(card, 'edit'), 'the card never loaded', { timeout: 8000 });
  return card;
}

async function typeName(card: CrmCustomerCard, name: string) {
  part(card, 'edit')!.click();
  await card.updateComplete;
  input(card, 'name').value = name;
  input(card, 'name').dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await card.updateComplete;
}

describe('<crm-customer-card> editing against the reference API', () => {
  it('saves an edited name', async () => {
    const id = customerId(1087);
    const { crm, seen } = instance('u_1');
    const card = await mount(crm, id);
    const name = `Edited ${Date.now()}`;
    await typeName(card, name);
    part(card, 'save')!.click();
    await waitUntil(() => part(card, 'form') === null, 'the save never finished', { timeout: 8000 });
    expect(part(card, 'name')!.textContent).to.equal(name);
    const patches = seen.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => request.status)).to.deep.equal([200]);
    expect(patches[0]!.ifMatch).to.match(/^".+"$/);
    expect((await onServer(id)).name).to.equal(name);
  });

  it('shows another user’s change as a conflict and re-applies on the new version', async () => {
    const id = customerId(1088);
    const { crm, seen } = instance('u_1');
    const card = await mount(crm, id);
    const mine = `Mine ${Date.now()}`;
    const theirs = `Theirs ${Date.now()}`;
    await typeName(card, mine);

    // Another user saves behind the card's back.
    const other = instance('u_2');
    const off = other.crm.customerById(id).listen(() => undefined);
    await waitUntil(() => other.crm.customerById(id).get().data, 'the other user never loaded the customer', {
      timeout: 8000,
    });
    await other.crm.updateCustomer(id, { name: theirs });
    off();

    part(card, 'save')!.click();
    await waitUntil(() => part(card, 'conflict'), 'no conflict panel', { timeout: 8000 });
    expect(part(card, 'yours')!.textContent).to.equal(mine);
    expect(part(card, 'theirs')!.textContent).to.equal(theirs);
    expect(input(card, 'name').value).to.equal(mine);
    expect((await onServer(id)).name, 'the conflict overwrote their change').to.equal(theirs);

    part(card, 'reapply')!.click();
    await waitUntil(() => part(card, 'form') === null, 'the re-apply never finished', { timeout: 8000 });
    const patches = seen.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => request.status)).to.deep.equal([412, 200]);
    expect(patches[1]!.ifMatch).not.to.equal(patches[0]!.ifMatch);
    expect(part(card, 'name')!.textContent).to.equal(mine);
    expect((await onServer(id)).name).to.equal(mine);
  });
});
