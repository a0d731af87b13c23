// <crm-customer-insights> inside a host page with aggressive styles of its own: nothing of the
// host's leaks in (as test/components/style-isolation.test.ts checks for the other elements).
import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/customer-insights/crm-customer-insights.js';
import type { CrmCustomerInsights } from '../../../src/components/customer-insights/customer-insights.js';
import { sampleInsights } from './insights.js';

const hostile = `
  * { color: rgb(255, 0, 0) !important; font-family: serif !important; letter-spacing: 3px; }
  body { color: rgb(255, 0, 0); font-size: 40px; }
  h2, h3, p, li, ul, dl, dd, dt, time, section, div, span, strong, i { border: 5px solid rgb(255, 0, 0); padding: 30px; margin: 30px; display: inline; }
  [part] { outline: 7px solid rgb(0, 255, 0); }
`;

describe('<crm-customer-insights> in a host page with styles of its own', () => {
  let sheet: HTMLStyleElement;
  before(() => {
    sheet = document.createElement('style');
    sheet.textContent = hostile;
    document.head.append(sheet);
  });
  after(() => sheet.remove());

  it('keeps the host page’s rules out of its shadow root, full and compact', async () => {
    const wrapper = await fixture(
      html`<div>
        <crm-customer-insights .insights=${sampleInsights}></crm-customer-insights>
        <crm-customer-insights compact .insights=${sampleInsights}></crm-customer-insights>
      </div>`,
    );
    for (const element of wrapper.children as HTMLCollectionOf<CrmCustomerInsights>) {
      await element.updateComplete;
      const inner = [...element.shadowRoot!.querySelectorAll('h2, h3, p, li, dd, dt, time, section, strong, [part]')];
      expect(inner.length).to.be.greaterThan(3);
      for (const node of inner) {
        const style = getComputedStyle(node);
        const where = `${element.compact ? 'compact ' : ''}${node.localName} ${node.getAttribute('part') ?? ''}`;
        expect(style.borderTopWidth, where).not.to.equal('5px');
        expect(style.fontFamily, where).not.to.equal('serif');
        expect(style.color, where).not.to.equal('rgb(255, 0, 0)');
        expect(style.letterSpacing, where).not.to.equal('3px');
        expect(style.outlineWidth, where).not.to.equal('7px');
      }
    }
  });
});
