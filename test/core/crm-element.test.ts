import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import { CrmApiError } from '../../src/api/errors.js';
import { CrmElement } from '../../src/core/crm-element.js';
import { createCrm } from '../../src/crm.js';
import '../../src/define.js';
import { stringsFor } from '../../src/i18n/index.js';

class ReportingElement extends CrmElement {
  report(error: CrmApiError): void {
    this.reportError(error);
  }
}
customElements.define('test-reporting-element', ReportingElement);

describe('CrmElement', () => {
  it('fires crm-error once per failure, even when an older one is reported again later', async () => {
    const element = await fixture<ReportingElement>(html`<test-reporting-element></test-reporting-element>`);
    const fired: CrmApiError[] = [];
    const expired: CrmApiError[] = [];
    element.addEventListener('crm-error', (event) => fired.push(event.error));
    element.addEventListener('crm-auth-expired', (event) => expired.push(event.error));
    const older = new CrmApiError('auth', 'refused');
    const newer = new CrmApiError('network', 'offline');
    element.report(older);
    element.report(newer);
    element.report(older);
    element.report(newer);
    expect(fired).to.deep.equal([older, newer]);
    expect(expired).to.deep.equal([older]);
  });
});

describe('CrmElement offline', () => {
  it('shows a network failure while offline as a quiet line without crm-error, and as an error once online', async () => {
    const $online = atom(false);
    const failing = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    const crm = createCrm({
      baseUrl: 'https://crm.example.com/',
      getToken: () => 'token',
      fetch: failing as typeof fetch,
      live: false,
      signals: { $visible: atom(true), $online },
    });
    const fired: CrmApiError[] = [];
    const wrapper = await fixture<HTMLElement>(html`<crm-provider .crm=${crm}></crm-provider>`);
    wrapper.addEventListener('crm-error', (event) => fired.push(event.error));
    const card = document.createElement('crm-customer-card');
    card.setAttribute('customer-id', 'c_1');
    wrapper.append(card);
    const root = card.shadowRoot!;
    await waitUntil(() => root.querySelector('[part="message"]'), 'no offline line', { timeout: 8000 });
    expect(root.querySelector('[part="message"]')!.textContent).to.equal(stringsFor('en').errors.offline);
    expect(root.querySelector('[part="message"]')!.hasAttribute('role'), 'a live region in every element').to.equal(false);
    expect(root.querySelector('[part="error"]')).to.equal(null);
    expect(fired).to.deep.equal([]);
    // The same failure once the device is online is an error with its retry, and is reported.
    $online.set(true);
    await waitUntil(() => root.querySelector('[part="error"]'), 'no error when online', { timeout: 8000 });
    expect(root.querySelector('[part="retry"]')).to.not.equal(null);
    expect(fired.map((error) => error.kind)).to.deep.equal(['network']);
  });
});
