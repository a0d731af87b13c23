import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createBridge, startBridge, type CrmBridge } from '../../src/bridge/index.js';
import { CrmApiError } from '../../src/api/errors.js';
import { $defaultCrm } from '../../src/stores/crm.js';
import { version } from '../../src/version.js';
import {
  apiUrl,
  captureConsole,
  demoToken,
  installHost,
  nativeHosts,
  pageCrm,
  type FakeHost,
  type Sent,
} from './helpers.js';

const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1XzEiLCJzZWNyZXQiOiJ0b3Atc2VjcmV0In0.c2lnbmF0dXJlLXNlY3JldA';
const anything = (value: unknown) => value;

describe('bridge', () => {
  let host: FakeHost | undefined;
  let bridge: CrmBridge | undefined;
  let warnings: string[];
  const originalWarn = console.warn;

  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    pageCrm.set(undefined);
  });
  afterEach(() => {
    bridge?.stop();
    host?.uninstall();
    bridge = host = undefined;
    console.warn = originalWarn;
    pageCrm.set(undefined);
  });

  /** Installs a host and starts a bridge on it. */
  function start(kind: Parameters<typeof installHost>[0] = 'webkit', options: Parameters<typeof createBridge>[0] = {}) {
    host = installHost(kind);
    bridge = createBridge(options);
    return { host, bridge };
  }

  describe('hosts', () => {
    for (const kind of nativeHosts) {
      it(`finds the ${kind} host and sends ready with the version and capabilities as JSON text`, () => {
        const { host, bridge } = start(kind);
        expect(bridge.host).to.equal(kind === 'android-legacy' ? 'android' : kind);
        expect(bridge.$state.get().host).to.equal(bridge.host);
        expect(host.raw).to.have.length(1);
        expect(host.raw[0]).to.be.a('string');
        const ready = host.sent()[0]!;
        expect(ready).to.deep.equal({
          v: 1,
          type: 'ready',
          payload: {
            version,
            capabilities: ['config', 'token', 'events', 'resize', 'pause', 'online', 'theme', 'offline'],
          },
        });
      });

      it(`takes messages from the ${kind} host`, () => {
        const { host, bridge } = start(kind);
        const deliver = host.reply ?? bridge.receive;
        deliver(JSON.stringify({ v: 1, type: 'pause' }));
        expect(bridge.$state.get().paused).to.equal(true);
        deliver({ v: 1, type: 'resume' });
        expect(bridge.$state.get().paused).to.equal(false);
      });
    }

    it('prefers the WebKit handler, then Android, React Native and Flutter', () => {
      const installed = [
        installHost('flutter'),
        installHost('react-native'),
        installHost('android'),
        installHost('webkit'),
      ];
      try {
        const order: string[] = [];
        for (const fake of [...installed].reverse()) {
          const probe = createBridge();
          order.push(probe.host);
          probe.stop();
          fake.uninstall();
        }
        expect(order).to.deep.equal(['webkit', 'android', 'react-native', 'flutter']);
      } finally {
        for (const fake of installed) fake.uninstall();
      }
    });

    it('uses ReactNativeWebView only on a page that declares itself a React Native host page', () => {
      // Every react-native-webview with onMessage has this global, in-app browsers included.
      const globals = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      globals['ReactNativeWebView'] = { postMessage: (message: unknown) => void posted.push(message) };
      try {
        bridge = createBridge();
        expect(bridge.host).to.equal('none');
        bridge.stop();
        expect(posted, 'a page that did not opt in told the app it was ready').to.deep.equal([]);
        bridge = createBridge({ reactNative: true });
        expect(bridge.host).to.equal('react-native');
        expect(posted).to.have.length(1);
      } finally {
        delete globals['ReactNativeWebView'];
      }
    });

    it('ignores a global that cannot take messages', () => {
      const globals = window as unknown as Record<string, unknown>;
      globals['ReactNativeWebView'] = {};
      globals['CrmWidgetsFlutter'] = { postMessage: 'no' };
      try {
        bridge = createBridge();
        expect(bridge.host).to.equal('none');
      } finally {
        delete globals['ReactNativeWebView'];
        delete globals['CrmWidgetsFlutter'];
      }
    });

    it('stops listening to the Android listener object when stopped', () => {
      const { host, bridge } = start('android');
      bridge.stop();
      host.reply!(JSON.stringify({ v: 1, type: 'pause' }));
      expect(bridge.$state.get().paused).to.equal(false);
    });

    it('without a host (and no parent allowlist) is inert: no ready, messages warn and change nothing', async () => {
      const posted: unknown[] = [];
      const originalPost = window.postMessage;
      window.postMessage = (...args: unknown[]) => void posted.push(args);
      try {
        bridge = createBridge();
      } finally {
        window.postMessage = originalPost;
      }
      expect(bridge.host).to.equal('none');
      expect(posted).to.deep.equal([]);
      const before = bridge.$state.get();
      bridge.receive({ v: 1, type: 'pause' });
      bridge.receive({ v: 1, type: 'config', payload: { baseUrl: 'https://crm.example.test/' } });
      expect(bridge.$state.get()).to.equal(before);
      expect($defaultCrm.get()).to.equal(undefined);
      expect(warnings.join('\n')).to.contain('no native host');
      let failure: unknown;
      await Promise.resolve(bridge.getToken({ forceRefresh: false })).catch((error: unknown) => (failure = error));
      expect(failure).to.be.an('error');
    });

    it('startBridge answers one bridge per window, and a new one once stopped', () => {
      host = installHost('webkit');
      const first = startBridge();
      try {
        expect(startBridge()).to.equal(first);
        expect(host.sent().filter((message) => message.type === 'ready')).to.have.length(1);
      } finally {
        first.stop();
      }
      bridge = startBridge();
      expect(bridge).not.to.equal(first);
    });
  });

  describe('config', () => {
    async function elements() {
      return fixture(
        html`<div>
          <crm-customer-card data-crm-bridge></crm-customer-card>
          <crm-order-list data-crm-bridge theme="light"></crm-order-list>
          <crm-contact-log customer-id="c_kept"></crm-contact-log>
          <crm-provider></crm-provider>
          <p data-other></p>
        </div>`,
      );
    }

    it('configures the page default with the base URL and locale, and sets customer-id and theme on elements', async () => {
      const root = await elements();
      const { bridge } = start();
      bridge.receive({
        v: 1,
        type: 'config',
        payload: { baseUrl: 'https://crm.example.test/', locale: 'zh-CN', theme: 'dark', customerId: 'c_1042' },
      });
      const crm = $defaultCrm.get();
      expect(crm).not.to.equal(undefined);
      expect(crm!.$locale.get()).to.equal('zh-CN');
      expect(root.querySelector('crm-customer-card')!.getAttribute('customer-id')).to.equal('c_1042');
      expect(root.querySelector('crm-order-list')!.getAttribute('customer-id')).to.equal('c_1042');
      expect(root.querySelector('crm-contact-log')!.getAttribute('customer-id')).to.equal('c_kept');
      for (const tag of ['crm-customer-card', 'crm-order-list', 'crm-contact-log', 'crm-provider']) {
        expect(root.querySelector(tag)!.getAttribute('theme'), tag).to.equal('dark');
      }
      expect(root.querySelector('[data-other]')!.hasAttribute('theme')).to.equal(false);
      expect(bridge.$state.get()).to.deep.include({
        theme: 'dark',
        config: { baseUrl: 'https://crm.example.test/', locale: 'zh-CN', theme: 'dark', customerId: 'c_1042' },
      });
    });

    it("gives the instance the bridge's token provider: a request asks native for the token and uses it", async () => {
      const { host, bridge } = start();
      bridge.receive({ v: 1, type: 'config', payload: { baseUrl: apiUrl } });
      const realToken = await demoToken();
      const answer = $defaultCrm.get()!.api.get('v1/customers?limit=1', anything);
      await waitUntil(() => host.last('token-request'), 'no token-request was sent');
      const request = host.last('token-request')!;
      bridge.receive({ v: 1, type: 'token', id: request.id, payload: { token: realToken } });
      const { data } = await answer;
      expect((data as { data: unknown[] }).data).to.have.length(1);
    });

    it("uses the page's own origin when native names no base URL", () => {
      const { bridge } = start();
      bridge.receive({ v: 1, type: 'config', payload: { customerId: 'c_1' } });
      expect($defaultCrm.get()).not.to.equal(undefined);
      expect(bridge.$state.get().config).to.deep.equal({ customerId: 'c_1' });
    });

    it('keeps the instance when a later config changes only the customer or the locale, and replaces it for a new base URL', async () => {
      const root = await elements();
      const { bridge } = start();
      bridge.receive({
        v: 1,
        type: 'config',
        payload: { baseUrl: 'https://crm.example.test/', customerId: 'c_1', locale: 'en' },
      });
      const first = $defaultCrm.get();
      bridge.receive({ v: 1, type: 'config', payload: { customerId: 'c_2' } });
      expect($defaultCrm.get()).to.equal(first);
      expect(root.querySelector('crm-customer-card')!.getAttribute('customer-id')).to.equal('c_2');
      bridge.receive({ v: 1, type: 'config', payload: { locale: 'zh-CN' } });
      expect($defaultCrm.get()).to.equal(first);
      expect(first!.$locale.get()).to.equal('zh-CN');
      bridge.receive({ v: 1, type: 'config', payload: { baseUrl: 'https://other.example.test/' } });
      expect($defaultCrm.get()).not.to.equal(first);
      expect($defaultCrm.get()!.$locale.get()).to.equal('zh-CN');
      expect(bridge.$state.get().config).to.deep.equal({
        baseUrl: 'https://other.example.test/',
        customerId: 'c_2',
        locale: 'zh-CN',
      });
    });

    it('drops a config whose base URL configure() refuses, keeping the previous instance', async () => {
      const root = await elements();
      const { bridge } = start();
      bridge.receive({ v: 1, type: 'config', payload: { baseUrl: 'https://crm.example.test/', customerId: 'c_1' } });
      const first = $defaultCrm.get();
      const state = bridge.$state.get();
      bridge.receive({
        v: 1,
        type: 'config',
        payload: { baseUrl: 'http://crm.example.test/', customerId: 'c_2', theme: 'dark' },
      });
      expect($defaultCrm.get()).to.equal(first);
      expect(bridge.$state.get()).to.equal(state);
      expect(root.querySelector('crm-customer-card')!.getAttribute('customer-id')).to.equal('c_1');
      expect(root.querySelector('crm-customer-card')!.hasAttribute('theme')).to.equal(false);
      expect(warnings.join('\n')).to.match(/dropped "config".*https/);
    });

    it('drops a config without a base URL on a page not served over http(s)', async () => {
      // A same-origin about:blank frame stands in for a file:// page.
      const frame = await fixture<HTMLIFrameElement>(html`<iframe></iframe>`);
      const framed = installHost('react-native', frame.contentWindow!);
      const framedBridge = createBridge({ window: frame.contentWindow! });
      try {
        expect(framedBridge.host).to.equal('react-native');
        expect(framed.last('ready')).not.to.equal(undefined);
        framedBridge.receive({ v: 1, type: 'config', payload: { customerId: 'c_1' } });
        expect($defaultCrm.get()).to.equal(undefined);
        expect(framedBridge.$state.get().config).to.equal(undefined);
        expect(warnings.join('\n')).to.contain('no baseUrl');
      } finally {
        framedBridge.stop();
      }
    });

    it('applies only what a later config names: a theme message since then stands', async () => {
      const root = await elements();
      const { bridge } = start();
      bridge.receive({
        v: 1,
        type: 'config',
        payload: { baseUrl: 'https://crm.example.test/', theme: 'dark', customerId: 'c_1' },
      });
      bridge.receive({ v: 1, type: 'theme', payload: { theme: 'light' } });
      const card = root.querySelector('crm-customer-card')!;
      card.setAttribute('customer-id', 'c_page');
      bridge.receive({ v: 1, type: 'config', payload: { locale: 'en' } });
      expect(card.getAttribute('theme')).to.equal('light');
      expect(card.getAttribute('customer-id')).to.equal('c_page');
      expect(bridge.$state.get().theme).to.equal('light');
    });

    it('applies a theme message to the elements and remembers it', async () => {
      const root = await elements();
      const { bridge } = start();
      bridge.receive({ v: 1, type: 'theme', payload: { theme: 'dark' } });
      expect(root.querySelector('crm-order-list')!.getAttribute('theme')).to.equal('dark');
      expect(bridge.$state.get().theme).to.equal('dark');
      bridge.receive('{"v":1,"type":"theme","payload":{"theme":"light"}}');
      expect(root.querySelector('crm-customer-card')!.getAttribute('theme')).to.equal('light');
      expect(bridge.$state.get().theme).to.equal('light');
    });
  });

  describe('tokens', () => {
    it('asks with a fresh id and resolves with the token of that id', async () => {
      const { host, bridge } = start();
      const first = bridge.getToken({ forceRefresh: false });
      const second = bridge.getToken({ forceRefresh: true });
      const requests = host.sent().filter((message) => message.type === 'token-request');
      expect(requests).to.have.length(2);
      const [a, b] = requests as [Sent, Sent];
      expect(a.id).to.be.a('string').and.not.equal(b.id);
      expect(a.payload).to.equal(undefined);
      expect(b.payload).to.deep.equal({ forceRefresh: true });
      bridge.receive({ v: 1, type: 'token', id: b.id, payload: { token: 'second.token' } });
      bridge.receive(JSON.stringify({ v: 1, type: 'token', id: a.id, payload: { token } }));
      expect(await first).to.equal(token);
      expect(await second).to.equal('second.token');
    });

    it('drops a token whose id matches no pending request, and a second answer to the same request', async () => {
      const { host, bridge } = start();
      const pending = bridge.getToken({ forceRefresh: false });
      const { id } = host.last('token-request')!;
      bridge.receive({ v: 1, type: 'token', id: 'token-999', payload: { token: 'forged.token' } });
      expect(warnings.join('\n')).to.contain('no pending request');
      bridge.receive({ v: 1, type: 'token', id, payload: { token } });
      expect(await pending).to.equal(token);
      const count = warnings.length;
      bridge.receive({ v: 1, type: 'token', id, payload: { token: 'late.token' } });
      expect(warnings).to.have.length(count + 1);
    });

    it('fails a request native does not answer in time, which the instance reports as an auth error', async () => {
      const { host, bridge } = start('webkit', { tokenTimeoutMs: 50 });
      bridge.receive({ v: 1, type: 'config', payload: { baseUrl: 'https://crm.example.test/' } });
      let failure: unknown;
      await $defaultCrm
        .get()!
        .api.get('v1/customers/c_1', anything)
        .catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(CrmApiError);
      expect((failure as CrmApiError).kind).to.equal('auth');
      expect(host.last('token-request')).not.to.equal(undefined);
      // A late answer is dropped, not applied to a later request.
      bridge.receive({ v: 1, type: 'token', id: host.last('token-request')!.id, payload: { token } });
      expect(warnings.join('\n')).to.contain('no pending request');
    });

    it('fails pending requests when stopped', async () => {
      const { bridge } = start();
      const pending = bridge.getToken({ forceRefresh: false });
      bridge.stop();
      let failure: unknown;
      await Promise.resolve(pending).catch((error: unknown) => (failure = error));
      expect(failure).to.be.an('error');
    });

    it('never writes a token to the console', async () => {
      const lines = await captureConsole(async () => {
        const { host, bridge } = start('android');
        const pending = bridge.getToken({ forceRefresh: false });
        const { id } = host.last('token-request')!;
        host.reply!(JSON.stringify({ v: 1, type: 'token', id: 'token-404', payload: { token } }));
        host.reply!(JSON.stringify({ v: 1, type: 'token', id, payload: { token: `${token} ` } }));
        host.reply!(JSON.stringify({ v: 2, type: 'token', id, payload: { token } }));
        host.reply!(JSON.stringify({ v: 1, type: 'token', payload: { token } }));
        host.reply!(JSON.stringify({ v: 1, type: 'token', id, payload: { token } }));
        await pending;
        host.reply!(JSON.stringify({ v: 1, type: 'token', id, payload: { token } }));
      });
      expect(lines.length).to.be.at.least(5);
      for (const line of lines) {
        expect(line).not.to.contain('secret');
        expect(line).not.to.contain(token.slice(0, 20));
      }
    });
  });

  describe('signals', () => {
    it('pause and resume drive $visible; online and offline drive $online', () => {
      const { bridge } = start();
      const { $visible, $online } = bridge.signals;
      expect($visible.get()).to.equal(document.visibilityState !== 'hidden');
      bridge.receive({ v: 1, type: 'pause' });
      expect($visible.get()).to.equal(false);
      bridge.receive({ v: 1, type: 'resume' });
      expect($visible.get()).to.equal(document.visibilityState !== 'hidden');
      bridge.receive({ v: 1, type: 'offline' });
      expect($online.get()).to.equal(false);
      expect(bridge.$state.get().online).to.equal(false);
      bridge.receive({ v: 1, type: 'online' });
      expect($online.get()).to.equal(true);
    });

    it('hands on a resume or online that changes nothing, so what waits for one (the outbox) goes at once', () => {
      const { bridge } = start();
      const { $visible, $online } = bridge.signals;
      const heard: string[] = [];
      const stop = [
        $visible.listen((visible) => heard.push(`visible ${visible}`)),
        $online.listen((online) => heard.push(`online ${online}`)),
      ];
      bridge.receive({ v: 1, type: 'online' });
      bridge.receive({ v: 1, type: 'offline' });
      bridge.receive({ v: 1, type: 'offline' });
      bridge.receive({ v: 1, type: 'online' });
      bridge.receive({ v: 1, type: 'pause' });
      bridge.receive({ v: 1, type: 'pause' });
      bridge.receive({ v: 1, type: 'resume' });
      bridge.receive({ v: 1, type: 'resume' });
      stop.forEach((unlisten) => unlisten());
      const visible = document.visibilityState !== 'hidden';
      expect(heard).to.deep.equal([
        'online true',
        'online false',
        'online true',
        'visible false',
        // A hidden page stays hidden: nothing to hand on.
        ...(visible ? ['visible true', 'visible true'] : []),
      ]);
    });

    it("follows the browser's own online and offline events too", () => {
      const { bridge } = start();
      window.dispatchEvent(new Event('offline'));
      expect(bridge.signals.$online.get()).to.equal(false);
      window.dispatchEvent(new Event('online'));
      expect(bridge.signals.$online.get()).to.equal(true);
      // The browser's own events come with a change only: one after a message said the same is not handed on.
      let heard = 0;
      const stop = bridge.signals.$online.listen(() => heard++);
      window.dispatchEvent(new Event('online'));
      stop();
      expect(heard).to.equal(0);
    });

    it('gives the configured instance its signals: pause and resume stop and restart the live stream', async () => {
      const { bridge } = start();
      bridge.receive({ v: 1, type: 'config', payload: { baseUrl: 'https://crm.example.test/' } });
      const crm = $defaultCrm.get()!;
      const unsubscribe = crm.customerById('c_1').listen(() => undefined);
      try {
        await waitUntil(() => crm.$live.get() === 'connecting', 'the stream never started');
        bridge.receive({ v: 1, type: 'pause' });
        expect(crm.$live.get()).to.equal('paused');
        bridge.receive({ v: 1, type: 'resume' });
        expect(crm.$live.get()).to.equal('connecting');
        bridge.receive({ v: 1, type: 'offline' });
        expect(crm.$live.get()).to.equal('paused');
      } finally {
        unsubscribe();
      }
    });
  });

  describe('resize', () => {
    it('sends the content height when it changes, once per change', async () => {
      const { host } = start();
      await waitUntil(() => host.last('resize'), 'no first resize');
      const first = host.last('resize')!.payload!['height'] as number;
      expect(Number.isInteger(first)).to.equal(true);
      expect(first).to.equal(Math.ceil(document.documentElement.getBoundingClientRect().height));
      const tall = document.createElement('div');
      tall.style.height = '3000px';
      document.body.append(tall);
      try {
        await waitUntil(
          () => (host.last('resize')!.payload!['height'] as number) > first,
          'no resize after the content grew',
        );
        const count = host.sent().filter((message) => message.type === 'resize').length;
        expect(host.last('resize')!.payload!['height']).to.equal(
          Math.ceil(document.documentElement.getBoundingClientRect().height),
        );
        // A change of width alone sends nothing: the observer fires, the height is the same.
        let observed = 0;
        const observer = new ResizeObserver(() => void (observed += 1));
        observer.observe(document.documentElement);
        await waitUntil(() => observed === 1);
        document.documentElement.style.width = '300px';
        await waitUntil(() => observed === 2, 'the root was not resized');
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        observer.disconnect();
        expect(Math.ceil(document.documentElement.getBoundingClientRect().height)).to.equal(
          host.last('resize')!.payload!['height'],
        );
        expect(host.sent().filter((message) => message.type === 'resize')).to.have.length(count);
      } finally {
        tall.remove();
        document.documentElement.style.width = '';
      }
    });
  });

  describe('hostile messages', () => {
    const hostile: [string, unknown][] = [
      [
        'wrong version',
        { v: 2, type: 'config', payload: { baseUrl: 'https://evil.example/', customerId: 'c_666', theme: 'dark' } },
      ],
      ['no version', { type: 'pause' }],
      ['unknown type', { v: 1, type: 'eval', payload: { code: 'window.__pwned = 1' } }],
      ['outgoing type', { v: 1, type: 'ready', payload: { version: '9' } }],
      [
        'wrong shape',
        {
          v: 1,
          type: 'config',
          payload: { baseUrl: 'javascript:window.__pwned=1', customerId: '<img src=x onerror=window.__pwned=1>' },
        },
      ],
      ['payload not an object', { v: 1, type: 'config', payload: 'baseUrl=https://evil.example/' }],
      ['theme not light or dark', { v: 1, type: 'theme', payload: { theme: 'x" onload="window.__pwned=1' } }],
      [
        'huge string',
        JSON.stringify({ v: 1, type: 'config', payload: { customerId: 'c_666', pad: 'x'.repeat(70_000) } }),
      ],
      ['huge object', { v: 1, type: 'pause', pad: 'x'.repeat(70_000) }],
      ['not JSON', "{ v: 1, type: 'pause' }"],
      ['JavaScript source', 'window.__pwned = 1'],
      ['a number', 42],
      ['null', null],
      ['a function', () => ((window as unknown as { __pwned: number }).__pwned = 1)],
      ['token for no request', { v: 1, type: 'token', id: 'token-1', payload: { token } }],
      ['id not a string', { v: 1, type: 'pause', id: { toString: () => 'x' } }],
      ['fields only under __proto__', '{"__proto__":{"v":1,"type":"pause","polluted":true}}'],
      ['fields only on the prototype', Object.create({ v: 1, type: 'pause' }) as unknown],
      ['__proto__ in the payload', '{"v":1,"type":"theme","payload":{"__proto__":{"theme":"dark"}}}'],
      [
        'a getter that throws',
        Object.defineProperty({ v: 1 }, 'type', {
          enumerable: true,
          get: () => {
            throw new Error('boom');
          },
        }),
      ],
    ];

    it('change nothing, never throw, and warn once each', async () => {
      const root = await fixture(
        html`<div><crm-customer-card data-crm-bridge customer-id="c_1"></crm-customer-card></div>`,
      );
      const { host, bridge } = start();
      const state = bridge.$state.get();
      const sentBefore = host.raw.length;
      for (const [name, message] of hostile) {
        const count = warnings.length;
        expect(() => bridge.receive(message), name).not.to.throw();
        expect(warnings.length, name).to.equal(count + 1);
        expect(bridge.$state.get(), name).to.equal(state);
      }
      expect($defaultCrm.get()).to.equal(undefined);
      expect(root.querySelector('crm-customer-card')!.getAttribute('customer-id')).to.equal('c_1');
      expect(root.querySelector('crm-customer-card')!.hasAttribute('theme')).to.equal(false);
      expect(host.raw.length).to.equal(sentBefore);
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'customerId')).to.equal(false);
    });
  });
});
