// An element on a page that has not called configure() (yet): while the page may still do so (until
// a second after its load event) it shows its loading state, which holds its loaded layout's space;
// after that, the notice that the page has not configured crm-widgets.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { $awaitingConfigure } from '../../src/stores/crm.js';

describe('an element before configure()', () => {
  it('shows its loading state while the page may still configure it, then says it is not configured', async () => {
    const seen: string[] = [];
    const card = await fixture(html`<crm-customer-card customer-id="c_1042"></crm-customer-card>`);
    const state = () => {
      const base = card.shadowRoot!.querySelector('[part="base"]')!;
      if (base.querySelector('[part="message"]')) return `notice: ${base.textContent!.trim()}`;
      return base.querySelector('.placeholder') && base.getAttribute('aria-busy') === 'true' ? 'loading' : 'other';
    };
    if ($awaitingConfigure.get()) seen.push(state());
    await waitUntil(() => !$awaitingConfigure.get(), 'the wait for configure() never ended', { timeout: 5000 });
    await waitUntil(() => state().startsWith('notice'), 'no notice', { timeout: 2000 });
    seen.push(state());
    // The test page loaded long before this file's first test ran, or not: either way, never "other".
    expect(seen.at(-1)).to.equal('notice: Customer data is not available: the page has not configured crm-widgets.');
    expect(seen.filter((shown) => shown === 'other')).to.deep.equal([]);
  });
});
