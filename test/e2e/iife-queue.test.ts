// End to end: a page that calls configure() before the classic script has loaded (an async script
// tag and the guide's stub), against the reference API.
import { expect, waitUntil } from '@open-wc/testing';

declare global {
  interface Window {
    __crmTest: { apiUrl: string };
  }
}

const apiUrl = window.__crmTest.apiUrl;

async function demoToken(): Promise<string> {
  const response = await fetch(`${apiUrl}v1/auth/demo-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', scope: 'crm:read' }),
  });
  return ((await response.json()) as { token: string }).token;
}

describe('configure() queued before crm-widgets.iife.js loads', () => {
  it('applies the queued options in order, reports a bad one on the console, and shows the page’s card', async () => {
    const stub = {
      q: [] as unknown[],
      configure(options: unknown) {
        this.q.push(options);
      },
    };
    (window as unknown as { CrmWidgets: typeof stub }).CrmWidgets = stub;
    stub.configure({ baseUrl: 'ftp://crm.example.test/', getToken: () => 'x' });
    stub.configure({ baseUrl: apiUrl, getToken: demoToken });
    const card = document.createElement('crm-customer-card');
    card.setAttribute('customer-id', 'c_1042');
    document.body.append(card);

    const reported: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => reported.push(args);
    try {
      await new Promise<void>((resolve, reject) => {
        const script = document.createElement('script');
        script.src = `${apiUrl}dist/crm-widgets.iife.js`;
        script.async = true;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error('could not load the bundle (run `npm run build` first)'));
        document.head.append(script);
      });
      const sdk = (window as unknown as { CrmWidgets: { $defaultCrm: { get(): unknown } } }).CrmWidgets;
      expect(sdk).not.to.equal(stub);
      expect(sdk.$defaultCrm.get()).to.be.an('object');
      await waitUntil(
        () => card.shadowRoot?.querySelector('[part="name"]')?.textContent?.trim(),
        'the card never showed its customer',
        { timeout: 8000 },
      );
      expect(reported).to.have.length(1);
      expect(String(reported[0]![1])).to.contain('baseUrl must be an https URL');
    } finally {
      console.error = consoleError;
      card.remove();
    }
  });
});
