import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CrmCustomerCard } from '../../src/components/customer-card/customer-card.js';
import { dateTimeFormat, formatDate, formatRelative, formatStoredAt, plural } from '../../src/i18n/format.js';
import { sampleCustomer } from '../helpers/fake-fetch.js';

describe('formatting', () => {
  it('keeps one formatter per locale and style', () => {
    expect(dateTimeFormat('en', { dateStyle: 'full' })).to.equal(dateTimeFormat('en', { dateStyle: 'full' }));
    expect(dateTimeFormat('en', { dateStyle: 'full' })).not.to.equal(dateTimeFormat('en', { timeStyle: 'short' }));
  });

  it('shows a date that does not parse as given instead of throwing', () => {
    expect(formatDate('not a date', 'en')).to.equal('not a date');
    expect(formatRelative('soon', 'zh-CN')).to.equal('soon');
    expect(formatDate('2022-08-09T12:00:00Z', 'en')).to.equal('Aug 9, 2022');
  });

  it('says when something was stored: the time on the same day, the date and time after', () => {
    const stored = new Date(2025, 11, 3, 10, 42).getTime();
    // Engines differ in the space before AM (U+202F in newer ICU data).
    const at = (locale: string, now: Date) => formatStoredAt(stored, locale, now.getTime()).replace(/\s/g, ' ');
    expect(at('en', new Date(2025, 11, 3, 23, 59))).to.equal('10:42 AM');
    expect(at('zh-CN', new Date(2025, 11, 3, 23, 59))).to.equal('10:42');
    expect(at('en', new Date(2025, 11, 4, 0, 1))).to.equal('Dec 3, 2025, 10:42 AM');
    expect(at('zh-CN', new Date(2025, 11, 4, 0, 1))).to.equal('2025年12月3日 10:42');
  });

  it('picks a plural form by the locale’s rules, falling back to other', () => {
    const forms = { one: 'one change', other: 'changes' };
    expect([0, 1, 2].map((count) => plural(count, 'en', forms))).to.deep.equal(['changes', 'one change', 'changes']);
    expect([0, 1, 2].map((count) => plural(count, 'zh-CN', forms))).to.deep.equal(['changes', 'changes', 'changes']);
    expect(plural(2, 'en', { other: 'only' })).to.equal('only');
  });

  it('lets a data-driven card with an unparsable date render', async () => {
    const card = await fixture<CrmCustomerCard>(
      html`<crm-customer-card
        .customer=${{ ...sampleCustomer, createdAt: 'yesterday', lastContactAt: 'never' }}
      ></crm-customer-card>`,
    );
    await card.updateComplete;
    const times = [...card.shadowRoot!.querySelectorAll('time')].map((time) => time.textContent);
    expect(times).to.include('yesterday');
    expect(times).to.include('never');
  });
});
