import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import { configure } from '../../../src/stores/crm.js';
import type { CrmProvider } from '../../../src/components/provider/provider.js';
import { fakeFetch, json, sampleCustomer } from '../../helpers/fake-fetch.js';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part="${name}"]`);
const shownName = (el: Element) => part(el, 'name')?.textContent?.trim();

describe('<crm-provider>', () => {
  // This file owns its page: configure() sets the page default for the whole file.
  const pageDefault = fakeFetch(() => json({ ...sampleCustomer, name: 'From the page default' }));
  before(() => {
    configure({
      baseUrl: 'https://page.example.test/',
      getToken: () => 'page-token',
      fetch: pageDefault.fetch,
      live: false,
    });
  });

  describe('rendering', () => {
    it('never lends its elements the page default while it has no instance yet', async () => {
      const page = await fixture(
        html`<div>
          <crm-provider base-url="https://tenant.example.test/"
            ><crm-customer-card customer-id="c_1042"></crm-customer-card
          ></crm-provider>
          <crm-customer-card id="outside" customer-id="c_1042"></crm-customer-card>
        </div>`,
      );
      const inside = page.querySelector('crm-provider crm-customer-card')!;
      const outside = page.querySelector('#outside')!;
      await waitUntil(() => shownName(outside), 'the card outside never used the page default');
      expect(shownName(outside)).to.equal('From the page default');
      expect(part(inside, 'message')!.textContent).to.contain('not configured');

      const tenant = fakeFetch(() => json({ ...sampleCustomer, name: 'From the provider' }));
      const provider = page.querySelector('crm-provider') as CrmProvider;
      provider.getToken = () => 'tenant-token';
      // The provider's own fetch is the global one; hand over a ready instance instead to observe it.
      const { createCrm } = await import('../../../src/stores/crm.js');
      provider.crm = createCrm({
        baseUrl: 'https://tenant.example.test/',
        getToken: () => 'tenant-token',
        fetch: tenant.fetch,
        live: false,
      });
      await waitUntil(() => shownName(inside) === 'From the provider', 'the provider instance never arrived');
      expect(tenant.requests[0]!.headers.get('Authorization')).to.equal('Bearer tenant-token');
    });
  });

  describe('properties', () => {
    it('keeps its instance, cache and token when getToken is replaced', async () => {
      const calls: string[] = [];
      const original = window.fetch;
      const fake = fakeFetch(() => json(sampleCustomer));
      window.fetch = fake.fetch;
      try {
        const provider = await fixture<CrmProvider>(
          html`<crm-provider base-url="https://keep.example.test/" .getToken=${() => (calls.push('first'), 'one')}>
            <crm-customer-card customer-id="c_1042"></crm-customer-card>
          </crm-provider>`,
        );
        const card = provider.querySelector('crm-customer-card')!;
        await waitUntil(() => shownName(card));
        provider.getToken = () => (calls.push('second'), 'two');
        await provider.updateComplete;
        const other = document.createElement('crm-customer-card');
        other.setAttribute('customer-id', 'c_1042');
        provider.append(other);
        await waitUntil(() => shownName(other), 'the second card never rendered');
        expect(fake.requests.filter((request) => request.url.includes('/v1/customers/'))).to.have.length(1);
        expect(calls).to.deep.equal(['first']);
      } finally {
        window.fetch = original;
      }
    });

    it('gives its elements an instance with offline on when it has the offline attribute, a new one when it changes', async () => {
      type WithCrm = { crm: { $offline: { get(): string } } };
      const provider = await fixture<CrmProvider>(
        html`<crm-provider base-url="https://offline.example.test/" offline .getToken=${() => 'token'}>
          <crm-customer-card></crm-customer-card>
        </crm-provider>`,
      );
      const card = provider.querySelector('crm-customer-card') as unknown as WithCrm;
      const first = card.crm;
      expect(first.$offline.get()).not.to.equal('off');
      provider.offline = false;
      await provider.updateComplete;
      expect(card.crm).not.to.equal(first);
      expect(card.crm.$offline.get()).to.equal('off');
    });

    it('passes its locale to the elements inside, and re-renders them when it changes', async () => {
      const { createCrm } = await import('../../../src/stores/crm.js');
      const never = fakeFetch(() => new Promise<Response>(() => undefined));
      const provider = await fixture<CrmProvider>(
        html`<crm-provider locale="zh-CN">
          <crm-customer-card customer-id="c_1042"></crm-customer-card>
        </crm-provider>`,
      );
      provider.crm = createCrm({
        baseUrl: 'https://locale.example.test/',
        getToken: () => 't',
        locale: 'zh-CN',
        fetch: never.fetch,
        live: false,
      });
      const card = provider.querySelector('crm-customer-card')!;
      await waitUntil(
        () => card.shadowRoot!.querySelector('[role="status"]')?.textContent === '正在加载客户…',
        'not Chinese',
      );
      provider.crm.$locale.set('en');
      await waitUntil(
        () => card.shadowRoot!.querySelector('[role="status"]')?.textContent === 'Loading customer…',
        'did not switch to English',
      );
    });
  });
});
