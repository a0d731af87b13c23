import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import '../../../src/define.js';
import type { Order } from '../../../src/api/types.js';
import type { CrmOrderList } from '../../../src/components/order-list/order-list.js';
import type { Crm } from '../../../src/stores/crm.js';
import { expectEqualAccess } from '../../helpers/equal-access.js';
import { asOf, networkError, offlineCrm, pagedState, serverError, storedAt } from '../../helpers/offline-crm.js';
import { newestFirst } from './orders.js';

async function mount(crm: Crm, locale = ''): Promise<CrmOrderList> {
  const provider = await fixture(
    html`<crm-provider .crm=${crm}
      ><crm-order-list customer-id="c_1042" locale=${locale}></crm-order-list
    ></crm-provider>`,
  );
  const list = provider.querySelector('crm-order-list')!;
  await waitUntil(() => part(list, 'order'), 'no order was shown');
  return list;
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
/** Whether the part is there (a boolean: a failed check on an element would put the element in the report). */
const has = (el: Element, name: string) => part(el, name) !== null;
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

describe('<crm-order-list> offline', () => {
  it('says how old orders kept on the device are, beside the filter, until they are revalidated', async () => {
    const $orders = atom(pagedState<Order>(newestFirst(3), { storedAt: storedAt(0), loading: true }));
    const { crm, $online } = offlineCrm({ ordersFor: () => $orders });
    const list = await mount(crm, 'zh-CN');
    expect(has(list, 'stale'), 'shown while revalidating online').to.equal(false);
    $online.set(false);
    $orders.set(pagedState(newestFirst(3), { storedAt: storedAt(1), error: networkError() }));
    await list.updateComplete;
    const stale = part(list, 'stale')!;
    expect(text(stale)).to.equal(asOf(storedAt(1), 'zh-CN', true));
    expect(stale.parentElement!.querySelector('[part="filter"]')).not.to.equal(null);
    expect(has(list, 'message'), 'offline, the age says enough').to.equal(false);
    $online.set(true);
    $orders.set(pagedState(newestFirst(3), { storedAt: storedAt(1), error: serverError() }));
    await list.updateComplete;
    expect(has(list, 'retry')).to.equal(true);
    $orders.set(pagedState(newestFirst(3)));
    await list.updateComplete;
    expect(has(list, 'stale')).to.equal(false);
  });

  it('keeps the filter row’s height when it says how old the orders are, at phone width', async () => {
    const $orders = atom(pagedState<Order>(newestFirst(3)));
    const { crm } = offlineCrm({ ordersFor: () => $orders });
    const list = await mount(crm);
    list.style.inlineSize = '320px';
    const filter = list.shadowRoot!.querySelector<HTMLElement>('.filter')!;
    const before = filter.getBoundingClientRect().height;
    $orders.set(pagedState(newestFirst(3), { storedAt: storedAt(0) }));
    await list.updateComplete;
    expect(has(list, 'stale')).to.equal(true);
    expect(filter.getBoundingClientRect().height).to.equal(before);
  });

  it('puts the orders’ age at the filter row’s end, the left under dir="rtl"', async () => {
    const $orders = atom(pagedState<Order>(newestFirst(3), { storedAt: storedAt(0) }));
    const { crm } = offlineCrm({ ordersFor: () => $orders });
    const provider = await fixture(
      html`<crm-provider .crm=${crm} dir="rtl"><crm-order-list customer-id="c_1042"></crm-order-list></crm-provider>`,
    );
    const list = provider.querySelector('crm-order-list')!;
    await waitUntil(() => part(list, 'stale'));
    const stale = part(list, 'stale')!.getBoundingClientRect();
    const filter = part(list, 'filter')!.getBoundingClientRect();
    expect(stale.right).to.be.at.most(filter.left);
  });

  it('passes axe and Equal Access with the orders’ age, light and dark', async () => {
    const $orders = atom(pagedState<Order>(newestFirst(3), { storedAt: storedAt(3) }));
    const { crm } = offlineCrm({ ordersFor: () => $orders });
    const list = await mount(crm);
    expect(has(list, 'stale')).to.equal(true);
    await expect(list).to.be.accessible();
    await expectEqualAccess(list);
    list.theme = 'dark';
    await list.updateComplete;
    await expect(list).to.be.accessible();
    await expectEqualAccess(list);
  });
});
