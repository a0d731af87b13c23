// Customer data on a right-to-left page: text keeps its own direction, numbers never flip.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CrmCustomerCard } from '../../src/components/customer-card/customer-card.js';
import { sampleCustomer } from '../helpers/fake-fetch.js';

describe('customer data on a right-to-left page', () => {
  it('keeps phone numbers and email addresses left to right, and lets other text find its own direction', async () => {
    const wrapper = await fixture(
      html`<div dir="rtl">
        <crm-customer-card
          .customer=${{ ...sampleCustomer, phone: '+1 800 496 8714', email: 'a@example.com' }}
        ></crm-customer-card>
      </div>`,
    );
    const card = wrapper.querySelector<CrmCustomerCard>('crm-customer-card')!;
    await card.updateComplete;
    const part = (name: string) => getComputedStyle(card.shadowRoot!.querySelector(`[part~="${name}"]`)!);
    expect(part('base').direction).to.equal('rtl');
    expect(part('phone').direction).to.equal('ltr');
    expect(part('email').direction).to.equal('ltr');
    expect(part('name').unicodeBidi).to.equal('plaintext');
    // The phone number reads in order: its first digit group is left of its last.
    const link = card.shadowRoot!.querySelector('[part~="phone"]')!;
    const text = [...link.childNodes].find(
      (node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('8714'),
    )!;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 2);
    const start = range.getBoundingClientRect().left;
    range.setStart(text, text.textContent!.length - 4);
    range.setEnd(text, text.textContent!.length);
    expect(range.getBoundingClientRect().width).to.be.greaterThan(0);
    expect(start).to.be.lessThan(range.getBoundingClientRect().left);
  });
});
