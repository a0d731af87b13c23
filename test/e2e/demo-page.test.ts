// End to end: the demo host page as `npm start` serves it — a plain HTML page that loads only the
// classic-script bundle, under the strict Content-Security-Policy the SDK promises to render under
// (no inline script or style, Trusted Types) — against the reference API's seeded database.
import { expect, waitUntil } from '@open-wc/testing';

const apiUrl = (window as unknown as { __crmTest: { apiUrl: string } }).__crmTest.apiUrl;

async function seededCustomer(id: string): Promise<{ name: string }> {
  const tokenResponse = await fetch(`${apiUrl}v1/auth/demo-token`, { method: 'POST', body: '{}' });
  const { token } = (await tokenResponse.json()) as { token: string };
  const response = await fetch(`${apiUrl}v1/customers/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).to.equal(200);
  return (await response.json()) as { name: string };
}

describe('demo page (npm start)', () => {
  it('is served under a strict Content-Security-Policy', async () => {
    const response = await fetch('/reference/');
    expect(response.status).to.equal(200);
    const policy = response.headers.get('Content-Security-Policy') ?? '';
    expect(policy).to.contain("script-src 'self'");
    // A nonce only for Lit's <style> fallback on Safari < 16.4; never 'unsafe-inline'.
    expect(policy).to.match(/style-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
    expect(policy).to.contain("require-trusted-types-for 'script'");
    expect(policy).not.to.contain('unsafe-inline');
  });

  it('fits a 320 px wide phone without scrolling sideways, once every element has loaded', async function () {
    this.timeout(40_000);
    const frame = document.createElement('iframe');
    frame.title = 'demo page at 320 px';
    frame.width = '320';
    frame.height = '640';
    frame.style.border = '0';
    frame.src = '/reference/?customer=c_1050';
    document.body.append(frame);
    try {
      const busy = (tag: string) =>
        frame.contentDocument
          ?.querySelector(tag)
          ?.shadowRoot?.querySelector('[part="base"]')
          ?.getAttribute('aria-busy');
      const tags = ['crm-customer-card', 'crm-customer-insights', 'crm-order-list', 'crm-contact-log'];
      await waitUntil(() => tags.every((tag) => busy(tag) === 'false'), 'the demo never loaded at 320 px', {
        timeout: 20_000,
      });
      const page = frame.contentDocument!.documentElement;
      expect(frame.contentWindow!.innerWidth).to.equal(320);
      expect(page.scrollWidth, 'the page is wider than the phone').to.be.at.most(page.clientWidth);
    } finally {
      frame.remove();
    }
  });

  it("shows the seeded customer's name, orders and contact log, styled, under that policy", async function () {
    this.timeout(40_000);
    const seeded = await seededCustomer('c_1050');
    const frame = document.createElement('iframe');
    frame.title = 'demo page';
    frame.width = '400';
    frame.height = '600';
    frame.src = '/reference/?customer=c_1050';
    document.body.append(frame);
    try {
      const card = () => frame.contentDocument?.querySelector('crm-customer-card');
      const name = () => card()?.shadowRoot?.querySelector('[part="name"]')?.textContent?.trim();
      await waitUntil(() => name(), 'the demo card never showed a name', { timeout: 15_000 });
      expect(name()).to.equal(seeded.name);
      const base = card()!.shadowRoot!.querySelector('[part="base"]')!;
      // The component's adopted stylesheet applied despite style-src 'self'.
      expect(frame.contentWindow!.getComputedStyle(base).borderTopStyle).to.equal('solid');
      // The order list and the contact log for the same customer show their rows.
      const rows = (tag: string, part: string) =>
        frame.contentDocument!.querySelector(tag)?.shadowRoot?.querySelectorAll(`[part~="${part}"]`).length ?? 0;
      // The virtualizer renders the rows that are on screen: bring the list into view, once the
      // elements above it have their data. Until then they grow as they load, and WebKit (no
      // scroll anchoring) would leave the list below the frame, where it rightly renders no row.
      const settled = (tag: string) =>
        frame
          .contentDocument!.querySelector(tag)
          ?.shadowRoot?.querySelector('[part="base"]')
          ?.getAttribute('aria-busy') === 'false';
      await waitUntil(() => settled('crm-customer-card') && settled('crm-customer-insights'), 'the demo never loaded', {
        timeout: 15_000,
      });
      frame.contentDocument!.querySelector('crm-order-list')!.scrollIntoView();
      await waitUntil(() => rows('crm-order-list', 'order') > 0, 'the demo order list never showed an order', {
        timeout: 15_000,
      });
      await waitUntil(() => rows('crm-contact-log', 'entry') > 0, 'the demo contact log never showed an entry', {
        timeout: 15_000,
      });
      // Changing the picker's customer re-targets all three elements.
      const picker = frame.contentDocument!.querySelector<HTMLSelectElement>('#customer-id')!;
      await waitUntil(() => picker.options.length > 1, 'the customer picker never filled', { timeout: 15_000 });
      const other = [...picker.options].find((option) => option.value !== 'c_1050')!.value;
      picker.value = other;
      picker.dispatchEvent(new Event('change', { bubbles: true }));
      for (const tag of ['crm-customer-card', 'crm-order-list', 'crm-contact-log']) {
        expect(frame.contentDocument!.querySelector(tag)!.getAttribute('customer-id'), tag).to.equal(other);
      }
      // And nothing was blocked on the way (demo/csp-report.js records every violation).
      expect((frame.contentWindow as unknown as { cspViolations: unknown[] }).cspViolations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
