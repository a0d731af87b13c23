// End to end: the native app simulator (demo/native-sim.html) as `npm start` serves it, under the
// demo's Content-Security-Policy, framing the webview host page and speaking the bridge protocol
// to it as a parent window, against the reference API. Reads c_1042, and writes to its contact log
// entries of a text no other test uses.
import { expect, waitUntil } from '@open-wc/testing';
import type { CrmContactLog } from '../../src/components/contact-log/contact-log.js';
import { writeEntry } from '../helpers/shadow-parts.js';

const apiUrl = (window as unknown as { __crmTest: { apiUrl: string } }).__crmTest.apiUrl;

/** The simulator as `npm start` serves it, in a frame of this page. */
function openSimulator(): HTMLIFrameElement {
  const sim = document.createElement('iframe');
  sim.title = 'native app simulator';
  sim.width = '1000';
  sim.height = '900';
  sim.src = '/reference/demo/native-sim.html';
  document.body.append(sim);
  return sim;
}

describe('native app simulator (demo/native-sim.html)', function () {
  this.timeout(60_000);

  it('configures the framed host page, answers its token request, and logs what it sends', async () => {
    const tokenResponse = await fetch(`${apiUrl}v1/auth/demo-token`, { method: 'POST', body: '{}' });
    const { token } = (await tokenResponse.json()) as { token: string };
    const customer = (await (
      await fetch(`${apiUrl}v1/customers/c_1042`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { name: string };

    const sim = openSimulator();
    try {
      const simDoc = () => sim.contentDocument!;
      await waitUntil(
        () =>
          simDoc()?.querySelector<HTMLIFrameElement>('#webview')?.contentDocument?.querySelector('crm-customer-card'),
        'the host page never loaded',
        { timeout: 15_000 },
      );
      const page = () => simDoc().querySelector<HTMLIFrameElement>('#webview')!.contentDocument!;
      const name = () =>
        page().querySelector('crm-customer-card')?.shadowRoot?.querySelector('[part="name"]')?.textContent?.trim();
      await waitUntil(() => name(), 'the simulator never got the card to show a customer', { timeout: 20_000 });
      expect(name()).to.equal(customer.name);
      const log = () => [...simDoc().querySelectorAll('#log li')].map((item) => item.textContent ?? '');
      expect(log().some((line) => line.includes('← ready'))).to.equal(true);
      expect(log().some((line) => line.includes('← token-request'))).to.equal(true);
      // The token goes to the page but never into the log.
      expect(log().some((line) => line.includes('→ token (answers'))).to.equal(true);
      expect(log().join('\n')).not.to.contain(token.split('.')[2]!);

      // Tapping the phone number: the simulator hears of it, and the page does not follow tel:.
      const phone = page()
        .querySelector('crm-customer-card')!
        .shadowRoot!.querySelector<HTMLAnchorElement>('a[part="phone"]')!;
      phone.click();
      await waitUntil(
        () => log().some((line) => line.includes('the app would dial')),
        'the simulator never heard of the call request',
      );

      // Language from the simulator's form: the page follows.
      const locale = simDoc().querySelector<HTMLSelectElement>('#controls select[name="locale"]')!;
      locale.value = 'zh-CN';
      locale.dispatchEvent(new Event('change'));
      await waitUntil(() => page().documentElement.lang === 'zh-CN', 'the page did not take the new locale');

      // The customer field checks the id's form (a pattern the engine cannot compile is ignored).
      const field = simDoc().querySelector<HTMLInputElement>('#controls input[name="customerId"]')!;
      field.value = 'not an id!';
      expect(field.validity.patternMismatch).to.equal(true);
      field.value = 'c_1042';
      expect(field.validity.valid).to.equal(true);
    } finally {
      sim.remove();
    }
  });

  it('keeps a contact entry written offline on the device through a relaunch, and sends it once back online', async () => {
    const tokenResponse = await fetch(`${apiUrl}v1/auth/demo-token`, { method: 'POST', body: '{}' });
    const { token } = (await tokenResponse.json()) as { token: string };
    const body = `Written in the basement ${Math.random().toString(36).slice(2, 10)}`;
    const onServer = async () => {
      const response = await fetch(`${apiUrl}v1/customers/c_1042/contacts?limit=100`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const { data } = (await response.json()) as { data: { body: string }[] };
      return data.filter((entry) => entry.body === body).length;
    };

    const sim = openSimulator();
    try {
      const simDoc = () => sim.contentDocument!;
      const page = () => simDoc().querySelector<HTMLIFrameElement>('#webview')?.contentDocument;
      const log = () => page()?.querySelector<CrmContactLog>('crm-contact-log');
      const entry = () =>
        [...(log()?.shadowRoot?.querySelectorAll('[part~="entry"]') ?? [])].find(
          (item) => item.querySelector('[part="body"]')?.textContent?.trim() === body,
        );
      const press = (selector: string) => simDoc().querySelector<HTMLElement>(selector)!.click();
      await waitUntil(() => log()?.shadowRoot?.querySelector('[part="add"]'), 'the log never loaded', {
        timeout: 20_000,
      });

      // The app turns offline storage on, then loses the network.
      press('#controls input[name="offline"]');
      press('#controls [data-send="offline"]');
      await waitUntil(() => page()?.querySelector('[data-crm-offline-banner]:not([hidden])'), 'no offline banner');
      await waitUntil(() => log()?.shadowRoot?.querySelector('[part="add"]'), 'the log never came back');
      await writeEntry(log()!, body);
      await waitUntil(() => entry()?.getAttribute('part') === 'entry queued', 'the entry was not queued');
      await waitUntil(
        () => /1/.test(page()!.querySelector('[data-crm-offline-banner]')!.textContent ?? ''),
        'the banner does not count the waiting change',
      );

      // Relaunched without network: the entry is still there, from the device.
      press('#relaunch');
      await waitUntil(
        () => entry()?.getAttribute('part') === 'entry queued',
        'the entry did not survive the relaunch',
        {
          timeout: 20_000,
        },
      );
      expect(await onServer()).to.equal(0);

      // Back online: sent, once.
      press('#controls [data-send="online"]');
      await waitUntil(() => entry()?.getAttribute('part') === 'entry', 'the entry was never sent', { timeout: 20_000 });
      expect(await onServer()).to.equal(1);
    } finally {
      sim.remove();
    }
  });
});
