import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import '../../../src/define.js';
import type { CustomerInsights } from '../../../src/api/types.js';
import type { CrmCustomerInsights } from '../../../src/components/customer-insights/customer-insights.js';
import type { Crm } from '../../../src/stores/crm.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';
import { asOf, networkError, offlineCrm, resourceState, serverError, storedAt } from '../../helpers/offline-crm.js';
import { sampleInsights } from './insights.js';

async function mount(crm: Crm, locale = ''): Promise<CrmCustomerInsights> {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-customer-insights customer-id="c_1042" locale=${locale}></crm-customer-insights
    ></crm-provider>`,
  );
  const element = provider.querySelector('crm-customer-insights')!;
  await waitUntil(() => part(element, 'segment'), 'the insights never showed');
  return element;
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
/** Whether the part is there (a boolean: a failed check on an element would put the element in the report). */
const has = (el: Element, name: string) => part(el, name) !== null;
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

describe('<crm-customer-insights> offline', () => {
  it('says how old insights kept on the device are, beside when they were computed, until revalidated', async () => {
    const $insights = atom(resourceState<CustomerInsights>(sampleInsights, { storedAt: storedAt(0) }));
    const { crm, $online } = offlineCrm({ insightsFor: () => $insights });
    const element = await mount(crm);
    const stale = part(element, 'stale')!;
    expect(text(stale)).to.equal(asOf(storedAt(0), 'en', false));
    expect(stale.parentElement!.querySelector('[part="updated"]')).not.to.equal(null);
    $online.set(false);
    $insights.set(resourceState(sampleInsights, { storedAt: storedAt(0), error: networkError() }));
    await element.updateComplete;
    expect(has(element, 'segment')).to.equal(true);
    expect(has(element, 'message')).to.equal(false);
    $online.set(true);
    $insights.set(resourceState(sampleInsights, { storedAt: storedAt(0), error: serverError() }));
    await element.updateComplete;
    expect(has(element, 'segment')).to.equal(true);
    expect(has(element, 'retry')).to.equal(true);
    $insights.set(resourceState(sampleInsights));
    await element.updateComplete;
    expect(has(element, 'stale')).to.equal(false);
    expect(has(element, 'retry')).to.equal(false);
  });

  it('passes axe and Equal Access with the insights’ age and an error beside them, light and dark', async () => {
    const $insights = atom(
      resourceState<CustomerInsights>(sampleInsights, { storedAt: storedAt(4), error: serverError() }),
    );
    const { crm } = offlineCrm({ insightsFor: () => $insights });
    const element = await mount(crm, 'zh-CN');
    expect(has(element, 'stale')).to.equal(true);
    await expect(element).to.be.accessible();
    await expectEqualAccess(element);
    element.theme = 'dark';
    await element.updateComplete;
    await expect(element).to.be.accessible();
    await expectEqualAccess(element);
  });
});
