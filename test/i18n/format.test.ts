import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CrmCustomerCard } from '../../src/components/customer-card/customer-card.js';
import { dateTimeFormat, formatDate, formatRelative } from '../../src/i18n/format.js';
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
