// End to end: the native app simulator (demo/native-sim.html) as `npm start` serves it, under the
// demo's Content-Security-Policy, framing the webview host page and speaking the bridge protocol
// to it as a parent window, against the reference API. Reads c_1042 only.
import { expect, waitUntil } from '@open-wc/testing';

const apiUrl = (window as unknown as { __crmTest: { apiUrl: string } }).__crmTest.apiUrl;

describe('native app simulator (demo/native-sim.html)', function () {
  this.timeout(60_000);

  it('configures the framed host page, answers its token request, and logs what it sends', async () => {
    const tokenResponse = await fetch(`${apiUrl}v1/auth/demo-token`, { method: 'POST', body: '{}' });
    const { token } = (await tokenResponse.json()) as { token: string };
    const customer = (await (
      await fetch(`${apiUrl}v1/customers/c_1042`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { name: string };

    const sim = document.createElement('iframe');
    sim.title = 'native app simulator';
    sim.width = '1000';
    sim.height = '900';
    sim.src = '/reference/demo/native-sim.html';
    document.body.append(sim);
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
});
