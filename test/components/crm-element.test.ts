import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import { CrmApiError } from '../../src/api/errors.js';
import { CrmElement } from '../../src/components/crm-element.js';
import { createCrm } from '../../src/stores/crm.js';
import '../../src/define.js';
import { englishStrings } from '../helpers/strings.js';
import { sampleCustomer } from '../helpers/fake-fetch.js';

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
  /** A card of an instance whose connectivity the test sets; its fetch fails until `reachable`. */
  async function offlineCard() {
    const $online = atom(false);
    const state = { reachable: false, requests: 0 };
    const fetchImpl = async (): Promise<Response> => {
      state.requests++;
      if (!state.reachable) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify(sampleCustomer), {
        headers: { 'Content-Type': 'application/json', ETag: '"c_1042.v1"' },
      });
    };
    const crm = createCrm({
      baseUrl: 'https://crm.example.com/',
      getToken: () => 'token',
      fetch: fetchImpl as typeof fetch,
      live: false,
      signals: { $visible: atom(true), $online },
    });
    const fired: CrmApiError[] = [];
    const wrapper = await fixture<HTMLElement>(html`<crm-provider .crm=${crm}></crm-provider>`);
    wrapper.addEventListener('crm-error', (event) => fired.push(event.error));
    const card = document.createElement('crm-customer-card');
    card.setAttribute('customer-id', sampleCustomer.id);
    wrapper.append(card);
    const root = card.shadowRoot!;
    await waitUntil(() => root.querySelector('[part="message"]'), 'no offline line', { timeout: 8000 });
    return { $online, state, fired, root };
  }

  it('shows a network failure while offline as a quiet line, with no alert and no crm-error', async () => {
    const { fired, root } = await offlineCard();
    expect(root.querySelector('[part="message"]')!.textContent).to.equal(englishStrings.errors.offline);
    expect(root.querySelector('[part="message"]')!.hasAttribute('role'), 'a live region in every element').to.equal(
      false,
    );
    expect(root.querySelector('[part="error"]')).to.equal(null);
    expect(fired).to.deep.equal([]);
  });

  it('back online, reloads: the data shows, and the failure from offline never flashes as an error', async () => {
    const { $online, state, fired, root } = await offlineCard();
    const errorsShown: unknown[] = [];
    const observer = new MutationObserver(() => root.querySelector('[part="error"]') && errorsShown.push(true));
    observer.observe(root, { childList: true, subtree: true });
    state.reachable = true;
    const before = state.requests;
    $online.set(true);
    await waitUntil(() => root.querySelector('[part="name"]'), 'the card did not reload when back online', {
      timeout: 8000,
    });
    observer.disconnect();
    expect(state.requests).to.be.above(before);
    expect(root.querySelector('[part="name"]')!.textContent).to.equal(sampleCustomer.name);
    expect(errorsShown, 'the offline failure flashed as an error').to.deep.equal([]);
    expect(fired).to.deep.equal([]);
  });

  it('back online, a reload that fails again is an error with its retry, reported once', async () => {
    const { $online, fired, root } = await offlineCard();
    $online.set(true);
    await waitUntil(() => root.querySelector('[part="error"]'), 'no error when the reload failed online', {
      timeout: 8000,
    });
    expect(root.querySelector('[part="retry"]')).to.not.equal(null);
    expect(fired.map((error) => error.kind)).to.deep.equal(['network']);
  });
});
