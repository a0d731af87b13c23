import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { createBridge, type BridgeState, type CrmBridge } from '../../src/bridge/index.js';

const elsewhere = 'https://app.example.test';

describe('bridge with a parent window', () => {
  describe('in a same-origin frame', () => {
    let frame: HTMLIFrameElement;
    let bridge: CrmBridge | undefined;
    let posted: [unknown, unknown][];
    let warnings: string[];
    const originalPost = window.postMessage;
    const originalWarn = console.warn;

    beforeEach(async () => {
      frame = await fixture<HTMLIFrameElement>(html`<iframe referrerpolicy="no-referrer"></iframe>`);
      posted = [];
      warnings = [];
      // The frame's parent is this page: record what the bridge posts to it.
      window.postMessage = ((message: unknown, targetOrigin: unknown) =>
        void posted.push([message, targetOrigin])) as typeof window.postMessage;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    });
    afterEach(() => {
      bridge?.stop();
      bridge = undefined;
      window.postMessage = originalPost;
      console.warn = originalWarn;
    });

    const framed = () => frame.contentWindow!;
    const targets = () => posted.map(([, origin]) => origin);
    /** Posts `message` to the frame as this page (its parent), the way a real parent does. */
    const fromParent = (message: unknown) =>
      (originalPost as (message: unknown, targetOrigin: string) => void).call(framed(), message, location.origin);

    it('is not used without an allowlist', () => {
      bridge = createBridge({ window: framed() });
      expect(bridge.host).to.equal('none');
      expect(posted).to.deep.equal([]);
    });

    it('is not used by a page that is not framed, whatever the allowlist', () => {
      bridge = createBridge({ allowedOrigins: [location.origin] });
      expect(bridge.host).to.equal('none');
      expect(posted).to.deep.equal([]);
    });

    it('sends ready to the allowed origins only, never to "*", and after the first accepted message only to the parent\'s origin', async () => {
      bridge = createBridge({ window: framed(), allowedOrigins: [elsewhere, location.origin] });
      expect(bridge.host).to.equal('parent');
      const [message] = posted[0]!;
      expect(message).to.deep.include({ v: 1, type: 'ready' });
      // Where the browser tells the parent's origin (location.ancestorOrigins), it is used at once;
      // otherwise (hidden by this frame's referrer policy) each allowed origin is tried.
      const known = framed().location.ancestorOrigins?.[0];
      expect(targets()).to.deep.equal(known === location.origin ? [location.origin] : [elsewhere, location.origin]);
      fromParent({ v: 1, type: 'offline' });
      await waitUntil(() => !bridge!.$state.get().online, 'the parent’s message was not taken');
      posted = [];
      // (Left unanswered: stopping the bridge fails it.)
      Promise.resolve(bridge.getToken({ forceRefresh: false })).catch(() => undefined);
      expect(targets()).to.deep.equal([location.origin]);
      expect((posted[0]![0] as { type: string }).type).to.equal('token-request');
    });

    it('takes config, tokens and signals from the parent', async () => {
      bridge = createBridge({ window: framed(), allowedOrigins: [location.origin] });
      const token = bridge.getToken({ forceRefresh: false });
      const request = posted
        .map(([message]) => message as { type: string; id: string })
        .find((message) => message.type === 'token-request')!;
      fromParent({ v: 1, type: 'token', id: request.id, payload: { token: 'from.parent' } });
      expect(await token).to.equal('from.parent');
      fromParent(JSON.stringify({ v: 1, type: 'pause' }));
      await waitUntil(() => bridge!.$state.get().paused, 'pause was not taken');
      expect(bridge.signals.$visible.get()).to.equal(false);
    });

    it("where the browser does not tell the parent's origin, tries each allowed one, then keeps to the first that spoke", async () => {
      // The frame's window as an engine without location.ancestorOrigins shows it.
      const real = framed();
      const location = { href: real.location.href, origin: real.location.origin, protocol: real.location.protocol };
      const win = new Proxy(real, {
        get(target, key) {
          if (key === 'location') return location;
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      bridge = createBridge({ window: win, allowedOrigins: [elsewhere, window.location.origin] });
      expect(bridge.host).to.equal('parent');
      expect(targets()).to.deep.equal([elsewhere, window.location.origin]);
      fromParent({ v: 1, type: 'pause' });
      await waitUntil(() => bridge!.$state.get().paused, 'the parent’s message was not taken');
      posted = [];
      Promise.resolve(bridge.getToken({ forceRefresh: false })).catch(() => undefined);
      expect(targets()).to.deep.equal([window.location.origin]);
      // The other allowed origin is refused from now on (a parent that navigated keeps its window).
      real.dispatchEvent(
        new MessageEvent('message', { data: { v: 1, type: 'resume' }, origin: elsewhere, source: window }),
      );
      expect(bridge.$state.get().paused).to.equal(true);
      expect(warnings.join('\n')).to.contain(`${elsewhere}: origin not allowed`);
    });

    it('drops messages from an origin not allowed', async () => {
      bridge = createBridge({ window: framed(), allowedOrigins: [elsewhere] });
      expect(bridge.host).to.equal('parent');
      expect(targets()).to.deep.equal([elsewhere]);
      const before = bridge.$state.get();
      fromParent({ v: 1, type: 'pause' });
      await waitUntil(() => warnings.some((warning) => warning.includes('origin not allowed')), 'no warning');
      expect(warnings.join('\n')).to.contain(location.origin);
      expect(bridge.$state.get()).to.equal(before);
    });

    it('drops messages that do not come from the parent window', async () => {
      bridge = createBridge({ window: framed(), allowedOrigins: [location.origin] });
      const before = bridge.$state.get();
      // A sibling frame of the same origin posts: the right origin, the wrong window.
      const sibling = await fixture<HTMLIFrameElement>(html`<iframe></iframe>`);
      const post = new (sibling.contentWindow as unknown as { Function: FunctionConstructor }).Function(
        'target',
        'message',
        'target.postMessage(message, "*")',
      );
      post(framed(), { v: 1, type: 'pause' });
      await waitUntil(
        () => warnings.some((warning) => warning.includes('not from the parent window')),
        'no warning for the sibling',
      );
      // And an event made up by script, with no source.
      framed().dispatchEvent(new MessageEvent('message', { data: { v: 1, type: 'pause' }, origin: location.origin }));
      expect(warnings.filter((warning) => warning.includes('not from the parent window'))).to.have.length(2);
      expect(bridge.$state.get()).to.equal(before);
    });

    it('reads the allowlist from the meta tag, keeping real origins only', () => {
      const meta = framed().document.createElement('meta');
      meta.name = 'crm-bridge-origins';
      meta.content = `* null 'self' javascript:alert(1) ${elsewhere}/some/path`;
      framed().document.head.append(meta);
      bridge = createBridge({ window: framed() });
      expect(bridge.host).to.equal('parent');
      // '*' and 'null' are no origins; 'self' is this about:blank frame's opaque origin.
      expect(targets()).to.deep.equal([elsewhere]);
    });
  });

  describe('in a cross-origin frame', () => {
    // The same test server under another host name is another origin.
    const frameOrigin = `http://127.0.0.1:${location.port}`;
    let frame: HTMLIFrameElement | undefined;
    let received: MessageEvent[];
    const record = (event: MessageEvent) => {
      if (event.source === frame?.contentWindow) received.push(event);
    };
    beforeEach(() => {
      received = [];
      window.addEventListener('message', record);
    });
    afterEach(() => {
      window.removeEventListener('message', record);
      frame?.remove();
      frame = undefined;
    });

    async function open(origins: string) {
      const query = new URLSearchParams({ origins, report: location.origin });
      frame = await fixture<HTMLIFrameElement>(
        html`<iframe src=${`${frameOrigin}/test/bridge/parent-frame.html?${query}`}></iframe>`,
      );
      await waitUntil(() => states().length > 0, 'the framed page never started its bridge', { timeout: 10_000 });
    }
    const reports = () =>
      received
        .map((event) => event.data as { fixture?: boolean; state?: BridgeState; warning?: string })
        .filter((data) => data.fixture);
    const states = () => reports().flatMap((report) => (report.state ? [report.state] : []));
    const protocol = () => received.filter((event) => !(event.data as { fixture?: boolean }).fixture);

    it('greets an allowed parent and takes its config', async () => {
      await open(`'self' ${location.origin}`);
      expect(states()[0]!.host).to.equal('parent');
      await waitUntil(() => protocol().length > 0, 'no ready');
      const [ready] = protocol();
      expect(ready!.origin).to.equal(frameOrigin);
      expect(ready!.data).to.deep.include({ v: 1, type: 'ready' });
      frame!.contentWindow!.postMessage(
        { v: 1, type: 'config', payload: { customerId: 'c_7', theme: 'dark' } },
        frameOrigin,
      );
      await waitUntil(() => states().some((state) => state.config?.customerId === 'c_7'), 'the config was not taken');
      expect(states().pop()!.theme).to.equal('dark');
    });

    it('sends nothing to a parent whose origin is not allowed, and takes nothing from it', async () => {
      await open(`'self' ${elsewhere}`);
      expect(states()[0]!.host).to.equal('parent');
      frame!.contentWindow!.postMessage({ v: 1, type: 'pause' }, frameOrigin);
      frame!.contentWindow!.postMessage({ v: 1, type: 'config', payload: { customerId: 'c_7' } }, frameOrigin);
      await waitUntil(
        () => reports().filter((report) => report.warning?.includes('origin not allowed')).length === 2,
        'the messages were not refused',
      );
      expect(states()).to.have.length(1);
      expect(states()[0]!.paused).to.equal(false);
      expect(protocol()).to.deep.equal([]);
    });
  });
});
