// The customer card's `insights` attribute: the compact <crm-customer-insights> inside the card.
// Only the card and the provider are registered here (not define.js): the card loads the insights
// element itself, the first time one asks for it.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/provider/crm-provider.js';
import '../../../src/components/customer-card/crm-customer-card.js';
import type { CrmCustomerCard } from '../../../src/components/customer-card/customer-card.js';
import type { CrmCustomerInsights } from '../../../src/components/customer-insights/customer-insights.js';
import type { Crm } from '../../../src/stores/crm.js';
import { json, sampleCustomer } from '../../helpers/fake-fetch.js';
import { crmWith, part, sampleInsights, text } from './insights.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';

const answer = (request: Request) => json(request.url.endsWith('/insights') ? sampleInsights : sampleCustomer);

async function mount(crm: Crm | undefined, card: ReturnType<typeof html>) {
  const root = await fixture(crm ? html`<crm-provider .crm=${crm}>${card}</crm-provider>` : html`<div>${card}</div>`);
  return root.querySelector('crm-customer-card') as CrmCustomerCard;
}

const nested = (card: Element) => part(card, 'insights') as CrmCustomerInsights | null;
const shown = (card: Element) =>
  waitUntil(() => nested(card)?.shadowRoot && part(nested(card)!, 'segment'), 'the insights never showed in the card');

describe('<crm-customer-card insights>', () => {
  // First: no card has asked for insights yet on this page.
  it('loads the insights element only once a card asks for it', async () => {
    const { crm } = crmWith(answer);
    const card = await mount(crm, html`<crm-customer-card customer-id="c_1042"></crm-customer-card>`);
    await waitUntil(() => part(card, 'name'));
    expect(customElements.get('crm-customer-insights')).to.equal(undefined);
    card.insights = true;
    await shown(card);
    expect(customElements.get('crm-customer-insights')).not.to.equal(undefined);
  });

  it('shows the compact insights of its customer under the name', async () => {
    const { crm, requests } = crmWith(answer);
    const card = await mount(crm, html`<crm-customer-card customer-id="c_1042" insights></crm-customer-card>`);
    await shown(card);
    const insights = nested(card)!;
    expect(insights.localName).to.equal('crm-customer-insights');
    expect(insights.hasAttribute('compact')).to.equal(true);
    expect(text(insights, 'segment')).to.equal('▼At risk');
    expect(text(insights, 'churn-level')).to.equal('High churn risk');
    expect(part(insights, 'reasons')).to.equal(null);
    expect(requests.map((request) => request.url).sort()).to.deep.equal([
      'https://crm.example.test/v1/customers/c_1042',
      'https://crm.example.test/v1/customers/c_1042/insights',
    ]);
    expect(part(card, 'name')!.getBoundingClientRect().bottom).to.be.at.most(insights.getBoundingClientRect().top);
  });

  it('asks for nothing more without the attribute', async () => {
    const { crm, requests } = crmWith(answer);
    const card = await mount(crm, html`<crm-customer-card customer-id="c_1042"></crm-customer-card>`);
    await waitUntil(() => part(card, 'name'));
    expect(nested(card)).to.equal(null);
    expect(requests.map((request) => request.url)).to.deep.equal(['https://crm.example.test/v1/customers/c_1042']);
  });

  it('shows them in a compact card, in the card’s language and theme, and when the attribute is set later', async () => {
    const { crm } = crmWith(answer);
    const card = await mount(
      crm,
      html`<crm-customer-card customer-id="c_1042" compact locale="zh-CN" theme="dark"></crm-customer-card>`,
    );
    await waitUntil(() => part(card, 'name'));
    card.insights = true;
    await shown(card);
    expect(text(nested(card)!, 'churn-level')).to.equal('流失风险高');
    expect(nested(card)!.getAttribute('theme')).to.equal('dark');
    expect(part(card, 'details')).to.equal(null);
  });

  it('loads the insights of a customer given as data through the instance, and shows none without one', async () => {
    const { crm, requests } = crmWith(answer);
    const card = await mount(crm, html`<crm-customer-card .customer=${sampleCustomer} insights></crm-customer-card>`);
    await shown(card);
    expect(requests.map((request) => request.url)).to.deep.equal([
      'https://crm.example.test/v1/customers/c_1042/insights',
    ]);
    const alone = await mount(
      undefined,
      html`<crm-customer-card .customer=${sampleCustomer} insights></crm-customer-card>`,
    );
    expect(part(alone, 'name')).not.to.equal(null);
    expect(nested(alone)).to.equal(null);
  });

  it('passes axe and Equal Access with the insights shown, light and dark', async () => {
    const { crm } = crmWith(answer);
    const card = await mount(crm, html`<crm-customer-card customer-id="c_1042" insights></crm-customer-card>`);
    await shown(card);
    await expect(card).to.be.accessible();
    await expectEqualAccess(card);
    card.theme = 'dark';
    await card.updateComplete;
    await nested(card)!.updateComplete;
    expect(nested(card)!.getAttribute('theme')).to.equal('dark');
    await expect(card).to.be.accessible();
    await expectEqualAccess(card);
  });
});
