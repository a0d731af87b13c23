// A long scroll leaves nothing behind: the virtualizer recycles rows through lit's `repeat`, and
// lit-html 3.3.1 to 3.3.3 left one comment node in the list per row it removed (lit#5298), so
// the list's DOM grew with every screen scrolled and each frame took longer (the bench's fling
// through 10,000 orders went from 26 ms frames at the top to 137 ms at the end). The package pins
// lit-html 3.3.0 until a fixed release.
import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import '../../../src/define.js';
import type { CrmOrderList } from '../../../src/components/order-list/order-list.js';
import { newestFirst } from './orders.js';

describe('<crm-order-list> scrolled a long way', function () {
  this.timeout(60_000);

  it('holds no more than its rows and their markers after 60 screens', async () => {
    const list = await fixture<CrmOrderList>(
      html`<crm-order-list style="block-size: 30rem" .orders=${newestFirst(1500)}></crm-order-list>`,
    );
    const root = list.shadowRoot!;
    for (let frame = 0; frame < 5; frame++) await nextFrame();
    const rows = root.querySelector('[part="list"]')!;
    const scroller = rows.parentElement!;
    const count = (type: number) => [...rows.childNodes].filter((node) => node.nodeType === type).length;
    const scroll = async (screens: number) => {
      for (let screen = 0; screen < screens; screen++) {
        scroller.scrollTop += scroller.clientHeight;
        await nextFrame();
      }
    };
    await scroll(60);
    const shown = count(Node.ELEMENT_NODE);
    expect(root.querySelectorAll('[part="order"]').length, 'no rows shown').to.be.greaterThan(0);
    // Each row in the DOM has its two markers, and the list its own; the leak added one per row removed.
    expect(count(Node.COMMENT_NODE), `comment nodes beside ${shown} rows`).to.be.at.most(2 * shown + 4);
  });
});
