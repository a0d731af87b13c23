import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createCrm, type Crm } from '../../../src/stores/crm.js';
import '../../../src/define.js';
import type { CrmCustomerCard } from '../../../src/components/customer-card/customer-card.js';
import type { CrmErrorEvent } from '../../../src/events/error-event.js';
import { fakeFetch, json, problem, sampleCustomer, type FakeHandler } from '../../helpers/fake-fetch.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';

function crmWith(handler: FakeHandler) {
  const fake = fakeFetch(handler);
  const crm = createCrm({
    baseUrl: 'https://crm.example.test/',
    getToken: () => 'token',
    fetch: fake.fetch,
    live: false,
  });
  return { crm, requests: fake.requests };
}

async function mount(crm: Crm, id: string | undefined, locale?: string) {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-customer-card customer-id=${id ?? ''} locale=${locale ?? ''}></crm-customer-card
    ></crm-provider>`,
  );
  const card = provider.querySelector('crm-customer-card') as CrmCustomerCard;
  await card.updateComplete;
  return card;
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
      const hostile = {
        ...sampleCustomer,
        name: '<img src=x onerror="window.__pwned=1">',
        company: '<script>alert(1)</script>',
      };
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
      // Once the page can no longer be about to configure one (a second after its load event).
      await waitUntil(() => part(card, 'message'), 'no notice', { timeout: 3000 });
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

  describe('details', () => {
    const full = {
      ...sampleCustomer,
      phone: '+86 130 9754 3568',
      tier: 'gold',
      tags: ['vip', '华东'],
      owner: { id: 'u_1', name: '陈静' },
      lastContactAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      avatarUrl: 'javascript:alert(1)',
    };
    const given = (customer: object, locale = 'en') =>
      fixture<CrmCustomerCard>(html`<crm-customer-card .customer=${customer} locale=${locale}></crm-customer-card>`);
    const text = (card: Element, name: string) => part(card, name)?.textContent?.trim();

    it('shows tier, tags, contact links, lifetime value in minor units, dates and owner', async () => {
      const card = await given(full);
      expect(text(card, 'tier')).to.equal('Gold');
      expect([...card.shadowRoot!.querySelectorAll('[part="tag"]')].map((tag) => tag.textContent)).to.deep.equal([
        'vip',
        '华东',
      ]);
      expect(part(card, 'email')!.getAttribute('href')).to.equal('mailto:huang296@163.com');
      expect(part(card, 'phone')!.getAttribute('href')).to.equal('tel:+8613097543568');
      const details = part(card, 'details')!.textContent!;
      expect(details).to.contain('5,080.75');
      expect(details).to.contain('3 days ago');
      expect(details).to.contain('陈静');
      expect(card.shadowRoot!.querySelector('time')!.getAttribute('datetime')).to.equal(full.createdAt);
    });

    it('formats JPY without a minor unit, and speaks zh-CN', async () => {
      const card = await given({ ...full, lifetimeValue: { amount: 508075, currency: 'JPY' } }, 'zh-CN');
      expect(part(card, 'details')!.textContent).to.contain('508,075');
      expect(part(card, 'details')!.textContent).not.to.contain('5,080.75');
      expect(text(card, 'tier')).to.equal('金牌');
      expect(part(card, 'details')!.textContent).to.contain('3天前');
    });

    it('shows initials for a missing, unsafe or broken avatar', async () => {
      const unsafe = await given(full);
      expect(unsafe.shadowRoot!.querySelector('img')).to.equal(null);
      expect(text(unsafe, 'avatar')).to.equal('雨桐');
      const broken = await given({
        ...full,
        name: 'Olivia Smith',
        avatarUrl: new URL('/no-such-avatar.png', location.href).href,
      });
      expect(broken.shadowRoot!.querySelector('img')).not.to.equal(null);
      await waitUntil(() => text(broken, 'avatar') === 'OS', 'the broken image never fell back to initials');
    });

    it('fires a cancelable crm-call-request and crm-email-request, and keeps the link when not cancelled', async () => {
      const card = await given(full);
      const seen: Event[] = [];
      card.addEventListener('crm-call-request', (event) => (seen.push(event), event.preventDefault()));
      card.addEventListener('crm-email-request', (event) => (seen.push(event), event.preventDefault()));
      (part(card, 'phone') as HTMLAnchorElement).click();
      (part(card, 'email') as HTMLAnchorElement).click();
      expect(seen.map((event) => event.type)).to.deep.equal(['crm-call-request', 'crm-email-request']);
      expect(
        seen.every((event) => event.cancelable && event.bubbles && event.composed && event.defaultPrevented),
      ).to.equal(true);
      expect((seen[0] as Event & { phone: string; customerId: string }).phone).to.equal(full.phone);
      expect((seen[1] as Event & { email: string }).email).to.equal(full.email);
    });

    it('shows a tier without a translation as its text, even one named like an Object member', async () => {
      for (const tier of ['diamond', 'constructor', 'toString', '__proto__']) {
        const card = await given({ ...full, tier });
        expect(text(card, 'tier'), tier).to.equal(tier);
      }
    });

    it('shows only name, company and tier when compact', async () => {
      const card = await fixture<CrmCustomerCard>(
        html`<crm-customer-card compact .customer=${full}></crm-customer-card>`,
      );
      expect(part(card, 'details')).to.equal(null);
      expect(text(card, 'tier')).to.equal('Gold');
    });

    it('passes axe and Equal Access with every detail shown, light and dark', async () => {
      const card = await given({ ...full, avatarUrl: undefined });
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
      card.theme = 'dark';
      await card.updateComplete;
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
    });
  });

  describe('properties', () => {
    it('renders a customer given as data without any request', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const provider = await fixture(
        html`<crm-provider .crm=${crm}
          ><crm-customer-card .customer=${{ ...sampleCustomer, name: 'Given' }}></crm-customer-card
        ></crm-provider>`,
      );
      const card = provider.querySelector('crm-customer-card')!;
      expect(shownName(card)).to.equal('Given');
      expect(requests).to.have.length(0);
    });

    it('loads the new customer when customer-id changes', async () => {
      const { crm } = crmWith((request) =>
        json({ ...sampleCustomer, id: request.url.split('/').pop(), name: request.url.split('/').pop() }),
      );
      const card = await mount(crm, 'c_1');
      await waitUntil(() => shownName(card) === 'c_1');
      card.customerId = 'c_2';
      await waitUntil(() => shownName(card) === 'c_2', 'the second customer never appeared');
    });

    it('makes one request for three cards showing the same customer', async () => {
      const { crm, requests } = crmWith(() => json(sampleCustomer));
      const provider = await fixture(
        html`<crm-provider .crm=${crm}>
          <crm-customer-card customer-id="c_1042"></crm-customer-card>
          <crm-customer-card customer-id="c_1042"></crm-customer-card>
          <crm-customer-card customer-id="c_1042"></crm-customer-card>
        </crm-provider>`,
      );
      const cards = [...provider.querySelectorAll('crm-customer-card')];
      await waitUntil(() => cards.every((card) => shownName(card) === '黄雨桐'));
      expect(requests).to.have.length(1);
    });

    it('keeps two providers apart: no shared cache entry or token', async () => {
      const a = fakeFetch(() => json({ ...sampleCustomer, name: 'Tenant A' }));
      const b = fakeFetch(() => json({ ...sampleCustomer, name: 'Tenant B' }));
      const crmA = createCrm({
        baseUrl: 'https://a.example.test/',
        getToken: () => 'token-a',
        fetch: a.fetch,
        live: false,
      });
      const crmB = createCrm({
        baseUrl: 'https://b.example.test/',
        getToken: () => 'token-b',
        fetch: b.fetch,
        live: false,
      });
      const page = await fixture(
        html`<div>
          <crm-provider .crm=${crmA}><crm-customer-card customer-id="c_1042"></crm-customer-card></crm-provider>
          <crm-provider .crm=${crmB}><crm-customer-card customer-id="c_1042"></crm-customer-card></crm-provider>
        </div>`,
      );
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
      const provider = await fixture(
        html`<crm-provider .crm=${crm} @crm-error=${(event: CrmErrorEvent) => errors.push(event)}>
          <crm-customer-card customer-id="c_1042"></crm-customer-card>
        </crm-provider>`,
      );
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
      const provider = await fixture(
        html`<crm-provider .crm=${crm} @crm-auth-expired=${(event: Event) => expired.push(event)}>
          <crm-customer-card customer-id="c_1042"></crm-customer-card>
        </crm-provider>`,
      );
      await waitUntil(() => expired.length === 1, 'crm-auth-expired never fired');
      expect((expired[0] as Event & { error: { kind: string } }).error.kind).to.equal('auth');
      expect(
        provider.querySelector('crm-customer-card')!.shadowRoot!.querySelector('[part="error"]')!.textContent,
      ).to.contain('sign');
    });
  });

  describe('accessibility', () => {
    it('passes axe and Equal Access when loaded, light and dark', async () => {
      const { crm } = crmWith(() => json(sampleCustomer));
      const card = await mount(crm, 'c_1042');
      await waitUntil(() => shownName(card));
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
      card.theme = 'dark';
      await card.updateComplete;
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
    });

    it('passes axe and Equal Access in the error state', async () => {
      const { crm } = crmWith(() => problem(500, 'Boom'));
      const card = await mount(crm, 'c_1042');
      await waitUntil(() => part(card, 'retry'), 'no retry button', { timeout: 8000 });
      await expect(card).to.be.accessible();
      await expectEqualAccess(card);
    });
  });
});
