// End to end: the webview host page (demo/webview.html) with the built classic-script bundle, in a
// phone-sized frame (375 × 812 CSS px: the page's viewport, in every engine — WebKit's webdriver
// cannot resize the test window itself), driven by each simulated native host — a WKWebView message handler, an
// Android web-message listener, React Native's `ReactNativeWebView`, a Flutter JavaScriptChannel,
// each installed before the bundle loads, and a parent window — against the reference API.
// It only reads customers (from c_1250 on), so it shares them with no test that writes.
import { expect, waitUntil } from '@open-wc/testing';

const apiUrl = (window as unknown as { __crmTest: { apiUrl: string } }).__crmTest.apiUrl;

interface Message {
  v: number;
  type: string;
  id?: string;
  payload?: Record<string, unknown>;
}
type Host = 'webkit' | 'android' | 'react-native' | 'flutter' | 'parent';

async function demoToken(): Promise<string> {
  const response = await fetch(`${apiUrl}v1/auth/demo-token`, { method: 'POST', body: '{}' });
  return ((await response.json()) as { token: string }).token;
}

async function customerName(id: string, token: string): Promise<string> {
  const response = await fetch(`${apiUrl}v1/customers/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await response.json()) as { name: string }).name;
}

/** The first seeded customer from `c_{from}` on that has a phone number (the card's call link). */
async function customerWithPhone(from: number, token: string): Promise<string> {
  for (let n = from; n < from + 30; n++) {
    const response = await fetch(`${apiUrl}v1/customers/c_${n}`, { headers: { Authorization: `Bearer ${token}` } });
    if (response.ok && ((await response.json()) as { phone?: string }).phone) return `c_${n}`;
  }
  throw new Error(`no seeded customer with a phone from c_${from} on`);
}

/** What each simulated host installs before the bundle runs: its channel, recording into `outbox`. */
const installers: Record<Exclude<Host, 'parent'>, string> = {
  webkit: 'window.webkit = { messageHandlers: { crmWidgets: { postMessage: (m) => parent.__outbox.push(m) } } };',
  android:
    'window.CrmWidgetsAndroid = Object.assign(new EventTarget(), { onmessage: null, postMessage: (m) => parent.__outbox.push(m) });',
  'react-native': 'window.ReactNativeWebView = { postMessage: (m) => parent.__outbox.push(m) };',
  flutter: 'window.CrmWidgetsFlutter = { postMessage: (m) => parent.__outbox.push(m) };',
};

interface Webview {
  frame: HTMLIFrameElement;
  win: Window & {
    CrmWidgets: {
      bridge: { receive(message: unknown): void };
      $defaultCrm: { get(): { $live: { get(): string } } | undefined };
    };
  };
  /** Messages the page sent to native, parsed. */
  sent(): Message[];
  /** Delivers a message the way this host's native side does. */
  deliver(message: unknown): void;
  close(): void;
  /** Delivers a valid `theme` message. */
  bridgeTheme(theme: 'light' | 'dark'): void;
}

/**
 * The real demo/webview.html, in a 375 × 812 frame. Native hosts: its markup with the host's
 * channel installed by a script before the bundle's (a srcdoc frame, same origin as this page).
 * Parent: the page as the reference API serves it (through the test server's proxy, so it is this
 * page's origin, which its `crm-bridge-origins` allows), with its real Content-Security-Policy.
 */
async function openWebview(host: Host, options: { origins?: string } = {}): Promise<Webview> {
  const outbox: unknown[] = [];
  (window as unknown as { __outbox: unknown[] }).__outbox = outbox;
  const frame = document.createElement('iframe');
  frame.title = `webview (${host})`;
  frame.width = '375';
  frame.height = '812';
  if (host === 'parent' && !options.origins) {
    frame.src = '/reference/demo/webview.html';
  } else {
    let markup = await (await fetch('/demo/webview.html')).text();
    const install = host === 'parent' ? '' : `<script>${installers[host]}</script>`;
    markup = markup.replace('<head>', `<head><base href="/demo/" />${install}`);
    if (options.origins) markup = markup.replace(`content="'self'"`, `content="${options.origins}"`);
    frame.srcdoc = markup;
  }
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  if (host === 'parent') {
    window.addEventListener('message', function record(event) {
      if (!frame.isConnected) return window.removeEventListener('message', record);
      if (event.source === frame.contentWindow) outbox.push(event.data);
    });
  }
  document.body.append(frame);
  await loaded;
  const win = frame.contentWindow as Webview['win'];
  await waitUntil(() => win.CrmWidgets, 'the bundle never loaded', { timeout: 10_000 });
  return {
    frame,
    win,
    sent: () => outbox.map((message) => (typeof message === 'string' ? JSON.parse(message) : message) as Message),
    deliver(message) {
      if (host === 'parent') win.postMessage(message, location.origin);
      else if (host === 'android') {
        (win as unknown as { CrmWidgetsAndroid: EventTarget }).CrmWidgetsAndroid.dispatchEvent(
          new MessageEvent('message', { data: JSON.stringify(message) }),
        );
      } else win.CrmWidgets.bridge.receive(JSON.stringify(message));
    },
    close: () => frame.remove(),
    bridgeTheme(theme) {
      win.CrmWidgets.bridge.receive(JSON.stringify({ v: 1, type: 'theme', payload: { theme } }));
    },
  };
}

const card = (view: Webview) => view.frame.contentDocument!.querySelector('crm-customer-card')!;
const cardName = (view: Webview) => card(view).shadowRoot?.querySelector('[part="name"]')?.textContent?.trim();

async function nextSent(view: Webview, type: string, after = 0): Promise<Message> {
  await waitUntil(
    () =>
      view
        .sent()
        .slice(after)
        .some((message) => message.type === type),
    `the page never sent ${type}`,
    { timeout: 10_000 },
  );
  return view
    .sent()
    .slice(after)
    .find((message) => message.type === type)!;
}

/** Sends config, answers the token request, and waits for the card to show the customer. */
async function configure(view: Webview, customerId: string, token: string, extra: Record<string, unknown> = {}) {
  const before = view.sent().length;
  // The page as the API serves it may connect only to its own origin: the API through the proxy.
  const baseUrl = view.frame.src ? `${location.origin}/reference/` : apiUrl;
  view.deliver({ v: 1, type: 'config', payload: { baseUrl, customerId, locale: 'en', ...extra } });
  const request = await nextSent(view, 'token-request', before);
  expect(request.id).to.be.a('string').and.not.equal('');
  view.deliver({ v: 1, type: 'token', id: request.id, payload: { token } });
  await waitUntil(() => cardName(view), 'the card never showed a customer', { timeout: 15_000 }).catch(
    (error: Error) => {
      const text = card(view).shadowRoot?.textContent?.replace(/\s+/g, ' ').trim();
      throw new Error(
        `${error.message}; it shows: ${text}; sent: ${JSON.stringify(view.sent().map((message) => message.type))}`,
      );
    },
  );
}

describe('webview host page with simulated native hosts', function () {
  this.timeout(60_000);
  let token = '';
  before(async () => {
    token = await demoToken();
  });

  for (const [index, host] of (['webkit', 'android', 'react-native', 'flutter', 'parent'] as const).entries()) {
    it(`${host}: ready, config renders the customer, token round trip, events reach native, pause/resume`, async () => {
      const view = await openWebview(host);
      try {
        const ready = await nextSent(view, 'ready');
        expect(ready.v).to.equal(1);
        expect(ready.payload?.['version']).to.equal((view.win.CrmWidgets as unknown as { version: string }).version);
        expect(ready.payload?.['capabilities']).to.be.an('array').that.includes('config');
        // Before config: the page waits, no element shows.
        expect(view.frame.contentDocument!.documentElement.dataset['crmState']).to.equal('waiting');

        const customerId = await customerWithPhone(1250 + index * 5, token);
        await configure(view, customerId, token, { theme: 'dark' });
        expect(cardName(view)).to.equal(await customerName(customerId, token));
        for (const tag of ['crm-customer-card', 'crm-order-list', 'crm-contact-log']) {
          const element = view.frame.contentDocument!.querySelector(tag)!;
          expect(element.getAttribute('customer-id'), tag).to.equal(customerId);
          expect(element.getAttribute('theme'), tag).to.equal('dark');
        }
        expect(view.frame.contentDocument!.documentElement.dataset['crmState']).to.equal('ready');

        // Tapping the phone number: native gets the request, and the page does not open tel:.
        const phone = card(view).shadowRoot!.querySelector<HTMLAnchorElement>('a[part="phone"]')!;
        expect(phone.href).to.match(/^tel:/);
        let defaultPrevented: boolean | undefined;
        view.win.addEventListener('click', (event) => (defaultPrevented = event.defaultPrevented), { once: true });
        const before = view.sent().length;
        phone.click();
        await waitUntil(
          () =>
            view
              .sent()
              .slice(before)
              .some((message) => message.payload?.['name'] === 'crm-call-request'),
          'native never got the call request',
        );
        const forwarded = view
          .sent()
          .slice(before)
          .find((message) => message.payload?.['name'] === 'crm-call-request')!;
        expect((forwarded.payload?.['detail'] as { customerId: string }).customerId).to.equal(customerId);
        expect(defaultPrevented, 'the tel: link was followed').to.equal(true);

        // The page reports its height for hosts that size the webview to the content.
        const resize = await nextSent(view, 'resize');
        expect(resize.payload?.['height']).to.be.a('number').above(0);

        // pause closes the live stream; resume opens it again.
        const live = () => view.win.CrmWidgets.$defaultCrm.get()!.$live.get();
        await waitUntil(() => live() === 'open', 'the live stream never opened', { timeout: 10_000 });
        view.deliver({ v: 1, type: 'pause' });
        await waitUntil(() => live() === 'paused', `pause left the stream ${live()}`, { timeout: 5000 });
        view.deliver({ v: 1, type: 'resume' });
        await waitUntil(() => live() === 'open', `resume left the stream ${live()}`, { timeout: 10_000 });
      } finally {
        view.close();
      }
    });
  }

  it('a call request the page cancels itself is not performed by the page either', async () => {
    const view = await openWebview('react-native');
    try {
      await nextSent(view, 'ready');
      await configure(view, await customerWithPhone(1280, token), token);
      view.frame.contentDocument!.addEventListener('crm-call-request', (event) => event.preventDefault());
      const phone = card(view).shadowRoot!.querySelector<HTMLAnchorElement>('a[part="phone"]')!;
      let defaultPrevented: boolean | undefined;
      view.win.addEventListener('click', (event) => (defaultPrevented = event.defaultPrevented), { once: true });
      const before = view.sent().length;
      phone.click();
      expect(defaultPrevented).to.equal(true);
      // Native still hears of it, marked as already handled by the page.
      await waitUntil(
        () =>
          view
            .sent()
            .slice(before)
            .some((message) => message.payload?.['name'] === 'crm-call-request'),
        'native never heard of it',
      );
      expect(
        view
          .sent()
          .slice(before)
          .find((message) => message.payload?.['name'] === 'crm-call-request')!.payload?.['cancelled'],
      ).to.equal(true);
    } finally {
      view.close();
    }
  });

  it('hostile messages change nothing and throw nothing', async () => {
    const view = await openWebview('webkit');
    const errors: unknown[] = [];
    view.win.addEventListener('error', (event) => errors.push(event.error ?? event.message));
    try {
      await nextSent(view, 'ready');
      await configure(view, 'c_1260', token);
      const crm = view.win.CrmWidgets.$defaultCrm.get();
      const hostile: unknown[] = [
        { v: 2, type: 'config', payload: { customerId: 'c_1261' } },
        { v: 1, type: 'eval', payload: { code: 'alert(1)' } },
        { v: 1, type: 'config', payload: { customerId: '../../v1/customers' } },
        { v: 1, type: 'config', payload: { baseUrl: 'javascript:alert(1)', customerId: 'c_1261' } },
        { v: 1, type: 'config', payload: { baseUrl: 'http://evil.example/', customerId: 'c_1261' } },
        { v: 1, type: 'config', payload: 'c_1261' },
        { v: 1, type: 'theme', payload: { theme: 'red' } },
        { v: 1, type: 'theme', payload: { theme: 'dark', style: 'x'.repeat(70 * 1024) } },
        { v: 1, type: 'token', id: 'nobody-asked', payload: { token: 'x' } },
        { v: 1, type: 'config', payload: { customerId: 'c_1261', padding: 'x'.repeat(70 * 1024) } },
        JSON.stringify({ v: 1, type: 'config', payload: { customerId: 'c_1261', padding: 'x'.repeat(70 * 1024) } }),
        '{"v":1,"type":"config","payload":{"customerId":"c_1261"', // cut short
        JSON.parse('{"v":1,"type":"config","payload":{"__proto__":{"customerId":"c_1261"}}}'),
        null,
        42,
        [],
      ];
      for (const message of hostile) view.win.CrmWidgets.bridge.receive(message);
      // Then a valid message: once it has taken effect, every message before it was handled.
      view.bridgeTheme('light');
      await waitUntil(
        () => card(view).getAttribute('theme') === 'light',
        'the valid message after the hostile ones was not applied',
      );
      expect(card(view).getAttribute('customer-id')).to.equal('c_1260');
      expect(view.win.CrmWidgets.$defaultCrm.get(), 'the instance was replaced').to.equal(crm);
      // No prototype polluted in the page (its own Object, not this test page's).
      expect(
        (new (view.win as unknown as { Object: ObjectConstructor }).Object() as Record<string, unknown>)['customerId'],
      ).to.equal(undefined);
      expect(errors).to.deep.equal([]);
    } finally {
      view.close();
    }
  });

  it('a parent window whose origin is not on the allowlist cannot drive the page', async () => {
    const view = await openWebview('parent', { origins: 'https://app.example.com' });
    try {
      view.win.postMessage(
        { v: 1, type: 'config', payload: { baseUrl: apiUrl, customerId: 'c_1262' } },
        location.origin,
      );
      // Nothing can be seen to happen here; give the message time to arrive (it would take < 50 ms).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(card(view).getAttribute('customer-id')).to.equal(null);
      expect(view.frame.contentDocument!.documentElement.dataset['crmState']).to.equal('waiting');
      // It sends nothing to a parent it does not know, not even `ready`.
      expect(view.sent()).to.deep.equal([]);
    } finally {
      view.close();
    }
  });

  it('another frame of the allowed origin is not the parent: its messages are dropped', async () => {
    const view = await openWebview('parent');
    try {
      await nextSent(view, 'ready');
      const sibling = document.createElement('iframe');
      // A config the real parent's would not undo: its theme stays unless a later message names one.
      const config = JSON.stringify({
        v: 1,
        type: 'config',
        payload: { baseUrl: apiUrl, customerId: 'c_1262', theme: 'dark' },
      });
      sibling.srcdoc = `<script>parent.document.querySelector('iframe[title^="webview"]').contentWindow.postMessage(${config}, location.origin);</script>`;
      const posted = new Promise((resolve) => sibling.addEventListener('load', resolve, { once: true }));
      document.body.append(sibling);
      await posted;
      sibling.remove();
      // The real parent, after it, is heard; the sibling's config (another customer) never was.
      await configure(view, 'c_1263', token);
      expect(card(view).getAttribute('customer-id')).to.equal('c_1263');
      expect(card(view).getAttribute('theme'), "the sibling's config was applied").to.equal(null);
    } finally {
      view.close();
    }
  });
});
