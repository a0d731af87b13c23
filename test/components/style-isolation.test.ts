// Every element inside a host page with aggressive styles of its own: nothing of the host's leaks
// in (beyond the custom properties meant for it), and nothing of the element's leaks out.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { ContactEntry } from '../../src/api/types.js';
import { sampleCustomer } from '../helpers/fake-fetch.js';
import { sampleOrder } from './order-list/orders.js';

const order = sampleOrder(1);
const entry: ContactEntry = {
  id: 'e_1',
  customerId: 'c_1042',
  channel: 'call',
  direction: 'inbound',
  subject: 'Renewal',
  body: 'Called about the renewal.',
  author: { id: 'u_1', name: 'Li Na' },
  occurredAt: '2026-10-02T09:00:00.000Z',
  createdAt: '2026-10-02T09:00:00.000Z',
};

const hostile = `
  * { color: rgb(255, 0, 0) !important; font-family: serif !important; letter-spacing: 3px; }
  body { color: rgb(255, 0, 0); font-size: 40px; }
  h2, h3, p, li, ul, ol, button, a, dl, dd, dt, time, section, article, header { border: 5px solid rgb(255, 0, 0); padding: 30px; margin: 30px; display: inline; }
  [part] { outline: 7px solid rgb(0, 255, 0); }
`;

describe('elements in a host page with styles of its own', () => {
  let sheet: HTMLStyleElement;
  before(() => {
    sheet = document.createElement('style');
    sheet.textContent = hostile;
    document.head.append(sheet);
  });
  after(() => sheet.remove());

  it('keeps the host page’s rules out of the shadow roots', async () => {
    const wrapper = await fixture(
      html`<div>
        <crm-customer-card .customer=${sampleCustomer}></crm-customer-card>
        <crm-order-list .orders=${[order]}></crm-order-list>
        <crm-contact-log .entries=${[entry]}></crm-contact-log>
      </div>`,
    );
    for (const element of wrapper.children) {
      await (element as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const root = element.shadowRoot!;
      const selector = 'h2, h3, p, li, [role="listitem"], button, a, dd, dt, time, article, section, header';
      // The order list's rows appear once the virtualizer has measured its viewport.
      await waitUntil(() => root.querySelectorAll(selector).length > 3, `${element.localName} never rendered`);
      const inner = [...root.querySelectorAll(selector)];
      for (const node of inner) {
        const style = getComputedStyle(node);
        // `*` with !important does reach into shadow trees only through inheritance, which :host resets.
        expect(style.borderTopWidth, `${element.localName} ${node.localName}`).not.to.equal('5px');
        expect(style.fontFamily, `${element.localName} ${node.localName}`).not.to.equal('serif');
        expect(style.color, `${element.localName} ${node.localName}`).not.to.equal('rgb(255, 0, 0)');
        expect(style.letterSpacing, `${element.localName} ${node.localName}`).not.to.equal('3px');
        expect(style.outlineWidth, `${element.localName} ${node.localName}`).not.to.equal('7px');
      }
    }
  });

  it('keeps the element’s rules off the host page’s own elements', async () => {
    const wrapper = await fixture(
      html`<div>
        <h2 part="name" class="skeleton-line visually-hidden">host heading</h2>
        <button part="retry" class="button primary">host button</button>
        <crm-customer-card .customer=${sampleCustomer}></crm-customer-card>
        <crm-order-list .orders=${[order]}></crm-order-list>
        <crm-contact-log .entries=${[entry]}></crm-contact-log>
      </div>`,
    );
    sheet.disabled = true;
    try {
      const heading = wrapper.querySelector('h2')!;
      const button = wrapper.querySelector('button')!;
      expect(getComputedStyle(heading).position).to.equal('static');
      expect(getComputedStyle(heading).clipPath).to.equal('none');
      expect(getComputedStyle(button).minHeight).not.to.equal('44px');
      expect(getComputedStyle(button).backgroundColor).to.not.equal(
        getComputedStyle(wrapper.querySelector('crm-customer-card')!).getPropertyValue('--_color-accent'),
      );
    } finally {
      sheet.disabled = false;
    }
  });

  it('takes the host’s --crm-* tokens', async () => {
    const style = document.createElement('style');
    style.textContent = '.tokens { --crm-color-text: rgb(1, 2, 3); }';
    document.head.append(style);
    try {
      const wrapper = await fixture(
        html`<div class="tokens">
          <crm-customer-card .customer=${sampleCustomer}></crm-customer-card>
        </div>`,
      );
      const card = wrapper.querySelector('crm-customer-card')!;
      await card.updateComplete;
      expect(getComputedStyle(card.shadowRoot!.querySelector('[part="base"]')!).color).to.equal('rgb(1, 2, 3)');
    } finally {
      style.remove();
    }
  });
});
