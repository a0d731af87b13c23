// <crm-order-list> against the reference API and its seeded orders (read-only: customers from
// c_1280 on, which no other test writes to).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { Order } from '../../src/api/types.js';
import type { CrmOrderList } from '../../src/components/order-list/order-list.js';
import { createCrm } from '../../src/stores/crm.js';
import { apiUrl, demoToken } from '../helpers/reference-api.js';

/** Every order of `id`, as the API lists them (newest first). */
async function allOrders(id: string, token: string): Promise<Order[]> {
  const response = await fetch(`${apiUrl}v1/customers/${id}/orders?limit=100`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { data: Order[] }).data;
}

const rows = (list: Element) => [...list.shadowRoot!.querySelectorAll<HTMLElement>('[part="order"]')];
const shown = (list: Element) =>
  rows(list).map((row) => ({
    position: Number(row.getAttribute('aria-posinset')),
    number: row.querySelector('[part="number"]')!.textContent!.trim(),
  }));

describe('<crm-order-list> against the reference API', () => {
  it('shows a customer’s real orders newest first and pages with the load-more button', async () => {
    const token = await demoToken();
    // A seeded customer with more than one page (20) of orders.
    let customerId = '';
    let expected: Order[] = [];
    for (let n = 1280; n <= 1300 && !customerId; n++) {
      const orders = await allOrders(`c_${n}`, token);
      if (orders.length > 20) [customerId, expected] = [`c_${n}`, orders];
    }
    expect(customerId, 'no seeded customer with more than 20 orders').not.to.equal('');
    const times = expected.map((order) => Date.parse(order.createdAt));
    expect(times).to.deep.equal([...times].sort((a, b) => b - a));

    const seen: string[] = [];
    const crm = createCrm({
      baseUrl: apiUrl,
      getToken: () => token,
      live: false,
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    const provider = await fixture(
      html`<crm-provider .crm=${crm}><crm-order-list customer-id=${customerId}></crm-order-list></crm-provider>`,
    );
    const list = provider.querySelector('crm-order-list') as CrmOrderList;
    const part = (name: string) => list.shadowRoot!.querySelector<HTMLElement>(`[part="${name}"]`);
    await waitUntil(() => rows(list).length > 0 && part('load-more'), 'the first page never showed', { timeout: 8000 });
    expect(shown(list)[0]).to.deep.equal({ position: 1, number: expected[0]!.number });
    for (const { position, number } of shown(list)) expect(number).to.equal(expected[position - 1]!.number);
    expect(seen).to.have.length(1);

    part('load-more')!.click();
    await waitUntil(() => !part('load-more') && !part('loading-more'), 'the last page never loaded', { timeout: 8000 });
    expect(seen[1]).to.match(/\/orders\?cursor=/);
    expect(rows(list)[0]!.getAttribute('aria-setsize')).to.equal(String(expected.length));
    const scroller = list.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    const last = expected.at(-1)!.number;
    await waitUntil(
      () => {
        scroller.scrollTop = scroller.scrollHeight;
        return shown(list).some((row) => row.number === last);
      },
      'the oldest order never showed',
      { timeout: 5000 },
    );
    for (const { position, number } of shown(list)) expect(number).to.equal(expected[position - 1]!.number);
  });
});
