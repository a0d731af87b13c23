// Nothing of the SDK reaches a host's error reporting in normal use: the order list's virtualizer
// measures rows in ResizeObserver callbacks, which must not end in a "ResizeObserver loop" error.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import '../../../src/define.js';
import type { CrmOrderList } from '../../../src/components/order-list/order-list.js';
import { newestFirst } from './orders.js';

describe('<crm-order-list> in a host page that reports errors', () => {
  it('reaches neither window.onerror nor error listeners while rendering, expanding, scrolling and resizing', async () => {
    const reported: string[] = [];
    const onError = (event: ErrorEvent) => reported.push(event.message);
    window.addEventListener('error', onError);
    try {
      const wrapper = await fixture<HTMLElement>(
        html`<div style="inline-size: 24rem">
          <crm-order-list .orders=${newestFirst(200)}></crm-order-list>
        </div>`,
      );
      const list = wrapper.querySelector<CrmOrderList>('crm-order-list')!;
      const root = list.shadowRoot!;
      for (let frame = 0; frame < 5; frame++) await nextFrame();
      root.querySelectorAll<HTMLElement>('[part="toggle"]').forEach((toggle) => toggle.click());
      for (const size of ['20rem', '32rem', '18rem', '40rem']) {
        wrapper.style.inlineSize = size;
        root.querySelector('[part="list"]')!.parentElement!.scrollTop += 400;
        for (let frame = 0; frame < 3; frame++) await nextFrame();
      }
      expect(root.querySelectorAll('[part="order"]').length).to.be.greaterThan(0);
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(reported).to.deep.equal([]);
  });
});
