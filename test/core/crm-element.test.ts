import { expect, fixture, html } from '@open-wc/testing';
import { CrmApiError } from '../../src/api/errors.js';
import { CrmElement } from '../../src/core/crm-element.js';

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
