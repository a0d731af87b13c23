import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createCrm, type Crm } from '../../../src/crm.js';
import '../../../src/define.js';
import type { CrmCustomerCard } from '../../../src/components/customer-card/customer-card.js';
import type { CrmErrorEvent } from '../../../src/events/error-event.js';
import { fakeFetch, json, problem, sampleCustomer, type FakeHandler } from '../../helpers/fake-fetch.js';

function crmWith(handler: FakeHandler) {
  const fake = fakeFetch(handler);
  const crm = createCrm({ baseUrl: 'https://crm.example.test/', getToken: () => 'token', fetch: fake.fetch, live: false });
  return { crm, requests: fake.requests };
}

async function mount(crm: Crm, id: string | undefined, locale?: string) {
  const provider = await fixture(html`<crm-provider .crm=${crm}><crm-customer-card customer-id=${id ?? ''} locale=${locale ?? ''}></crm-customer-card></crm-provider>`);
  return provider.querySelector('crm-customer-card') as CrmCustomerCard;
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`);
const shownName = (el: Element) => part(el, 'name')?.textContent?.trim();

describe('<crm-customer-card>', () => {
  describe('rendering', () => {
    it('shows the customer name and company from the API', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const card = await mount(crm, 'c_1042');
      await waitUntil(() => shownName(card), 'name never appeared');
      expect(shownName(card)).to.equal('黄雨桐');
      expect(part(card, 'company')!.textContent).to.equal('恒通电子股份有限公司');
      expect(requests[0]!.url).to.equal('https://crm.example.test/v1/customers/c_1042');
    });

    it('shows a busy skeleton while the customer loads', async () => {
      let answer!: (response: Response) => void;
      const { crm } = crmWith(() => new Promise<Response>((resolve) => (answer = resolve)));
      const card = await mount(crm, 'c_1042');
      const base = part(card, 'base')!;
      expect(base.getAttribute('aria-busy')).to.equal('true');
      expect(card.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Loading customer…');
      await waitUntil(() => answer !== undefined);
      answer(json(sampleCustomer));
      await waitUntil(() => shownName(card));
      expect(part(card, 'base')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('shows customer data as text, never as markup', async () => {
      const hostile = { ...sampleCustomer, name: '<img src=x onerror="window.__pwned=1">', company: '<script>alert(1)</script>' };
      const { crm } = crmWith(() => json(hostile));
      const card = await mount(crm, 'c_1042');
      await waitUntil(() => shownName(card));
      expect(shownName(card)).to.equal(hostile.name);
      expect(card.shadowRoot!.querySelector('img, script')).to.equal(null);
      expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    });

    it('says so when no customer id is given', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const card = await mount(crm, undefined);
      expect(part(card, 'message')!.textContent).to.equal('No customer id was given.');
      expect(requests).to.have.length(0);
    });

    it('ignores spaces around the customer id', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const card = await mount(crm, '  c_1042 ');
      await waitUntil(() => shownName(card), 'a padded id never loaded');
      expect(requests[0]!.url).to.equal('https://crm.example.test/v1/customers/c_1042');
    });

    it('rejects a malformed customer id without a request', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const card = await mount(crm, '../admin?x=1');
      expect(part(card, 'message')!.textContent).to.contain('is not a valid customer id');
      expect(requests).to.have.length(0);
    });

    it('says the page is not configured when there is no instance', async () => {
      const card = await fixture<CrmCustomerCard>(html`<crm-customer-card customer-id="c_1042"></crm-customer-card>`);
      expect(part(card, 'message')!.textContent).to.contain('not configured');
    });

    it('speaks Simplified Chinese for zh-CN', async () => {
      const { crm } = crmWith(() => problem(404, 'Not found'));
      const card = await mount(crm, 'c_1042', 'zh-CN');
      await waitUntil(() => part(card, 'error'));
      expect(part(card, 'error')!.textContent).to.equal('该客户不存在，或您无权查看。');
      expect(part(card, 'retry')!.textContent).to.equal('重试');
    });
  });

  describe('properties', () => {
    it('renders a customer given as data without any request', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const provider = await fixture(html`<crm-provider .crm=${crm}><crm-customer-card .customer=${{ ...sampleCustomer, name: 'Given' }}></crm-customer-card></crm-provider>`);
      const card = provider.querySelector('crm-customer-card')!;
      expect(shownName(card)).to.equal('Given');
      expect(requests).to.have.length(0);
    });

    it('loads the new customer when customer-id changes', async () => {
      const { crm } = crmWith((request) => json({ ...sampleCustomer, id: request.url.split('/').pop(), name: request.url.split('/').pop() }));
      const card = await mount(crm, 'c_1');
      await waitUntil(() => shownName(card) === 'c_1');
      card.customerId = 'c_2';
      await waitUntil(() => shownName(card) === 'c_2', 'the second customer never appeared');
    });

    it('makes one request for three cards showing the same customer', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const provider = await fixture(html`<crm-provider .crm=${crm}>
        <crm-customer-card customer-id="c_1042"></crm-customer-card>
        <crm-customer-card customer-id="c_1042"></crm-customer-card>
        <crm-customer-card customer-id="c_1042"></crm-customer-card>
      </crm-provider>`);
      const cards = [...provider.querySelectorAll('crm-customer-card')];
      await waitUntil(() => cards.every((card) => shownName(card) === '黄雨桐'));
      expect(requests).to.have.length(1);
    });

    it('keeps two providers apart: no shared cache entry or token', async () => {
      const a = fakeFetch(() => json({ ...sampleCustomer, name: 'Tenant A' }));
      const b = fakeFetch(() => json({ ...sampleCustomer, name: 'Tenant B' }));
      const crmA = createCrm({ baseUrl: 'https://a.example.test/', getToken: () => 'token-a', fetch: a.fetch, live: false });
      const crmB = createCrm({ baseUrl: 'https://b.example.test/', getToken: () => 'token-b', fetch: b.fetch, live: false });
      const page = await fixture(html`<div>
        <crm-provider .crm=${crmA}><crm-customer-card customer-id="c_1042"></crm-customer-card></crm-provider>
        <crm-provider .crm=${crmB}><crm-customer-card customer-id="c_1042"></crm-customer-card></crm-provider>
      </div>`);
      const [cardA, cardB] = [...page.querySelectorAll('crm-customer-card')];
      await waitUntil(() => shownName(cardA!) && shownName(cardB!));
      expect([shownName(cardA!), shownName(cardB!)]).to.deep.equal(['Tenant A', 'Tenant B']);
      expect(a.requests.map((r) => r.headers.get('Authorization'))).to.deep.equal(['Bearer token-a']);
      expect(b.requests.map((r) => r.headers.get('Authorization'))).to.deep.equal(['Bearer token-b']);
    });
  });

  describe('events', () => {
    it('fires crm-error with the CrmApiError and offers a retry that loads again', async () => {
      let fail = true;
      const { crm, requests } = crmWith(() => (fail ? problem(404, 'Not found') : json(sampleCustomer)));
      const errors: CrmErrorEvent[] = [];
      const provider = await fixture(html`<crm-provider .crm=${crm} @crm-error=${(event: CrmErrorEvent) => errors.push(event)}>
        <crm-customer-card customer-id="c_1042"></crm-customer-card>
      </crm-provider>`);
      const card = provider.querySelector('crm-customer-card')!;
      await waitUntil(() => errors.length === 1, 'crm-error never fired');
      expect(errors[0]!.error.kind).to.equal('http');
      expect(errors[0]!.error.status).to.equal(404);
      expect(errors[0]!.bubbles && errors[0]!.composed).to.equal(true);
      await waitUntil(() => part(card, 'retry'));
      expect(part(card, 'error')!.getAttribute('role')).to.equal('alert');
      fail = false;
      (part(card, 'retry') as HTMLButtonElement).click();
      await waitUntil(() => shownName(card) === '黄雨桐', 'retry did not load the customer');
      expect(requests).to.have.length(2);
    });

    it('fires crm-auth-expired when even a fresh token is refused', async () => {
      const { crm } = crmWith(() => problem(401, 'Unauthorized'));
      const expired: Event[] = [];
      const provider = await fixture(html`<crm-provider .crm=${crm} @crm-auth-expired=${(event: Event) => expired.push(event)}>
        <crm-customer-card customer-id="c_1042"></crm-customer-card>
      </crm-provider>`);
      await waitUntil(() => expired.length === 1, 'crm-auth-expired never fired');
      expect((expired[0] as Event & { error: { kind: string } }).error.kind).to.equal('auth');
      expect(provider.querySelector('crm-customer-card')!.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('sign');
    });
  });

  describe('accessibility', () => {
    it('passes axe when loaded, light and dark', async () => {
      const { crm } = crmWith(() => json(sampleCustomer));
      const card = await mount(crm, 'c_1042');
      await waitUntil(() => shownName(card));
      await expect(card).to.be.accessible();
      card.theme = 'dark';
      await card.updateComplete;
      await expect(card).to.be.accessible();
    });

    it('passes axe in the error state', async () => {
      const { crm } = crmWith(() => problem(500, 'Boom'));
      const card = await mount(crm, 'c_1042');
      await waitUntil(() => part(card, 'retry'), 'no retry button', { timeout: 8000 });
      await expect(card).to.be.accessible();
    });
  });
});
