// End to end: the classic-script bundle, served by the reference API with its real database, in a
// page with no module loader for the SDK — what script-tag hosts and webviews do.
import { expect, waitUntil } from '@open-wc/testing';

interface CrmWidgetsGlobal {
  version: string;
  discover(root: ParentNode): Promise<void>;
  define(...tags: string[]): Promise<void>;
  configure(options: { baseUrl: string; getToken: () => Promise<string> }): unknown;
  CrmApiError: new (...args: never[]) => Error;
  bridge?: { host: string; stop(): void };
  startBridge(): Promise<{ host: string; stop(): void }>;
}

declare global {
  interface Window {
    __crmTest: { apiUrl: string };
    CrmWidgets?: CrmWidgetsGlobal;
  }
}

const apiUrl = window.__crmTest.apiUrl;

function loadClassicScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src} (run \`npm run build\` first)`));
    document.head.append(script);
  });
}

async function demoToken(tenant: 'demo' | 'acme'): Promise<string> {
  const response = await fetch(`${apiUrl}v1/auth/demo-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant, scope: 'crm:read' }),
  });
  expect(response.status).to.equal(200);
  return ((await response.json()) as { token: string }).token;
}

const nameIn = (card: Element) => card.shadowRoot?.querySelector('[part="name"]')?.textContent?.trim();

describe('crm-widgets.iife.js against the reference API', () => {
  before(async () => {
    await loadClassicScript(`${apiUrl}dist/crm-widgets.iife.js`);
  });

  it('exposes window.CrmWidgets and defines an element when the page first uses it', async () => {
    expect(window.CrmWidgets!.version).to.match(/^\d+\.\d+\.\d+/);
    expect(window.CrmWidgets!.configure).to.be.a('function');
    // Nothing on the page uses an element yet: none of their code has run.
    expect(customElements.get('crm-contact-log')).to.equal(undefined);
    const log = document.createElement('crm-contact-log');
    document.body.append(log);
    try {
      await customElements.whenDefined('crm-contact-log');
      expect(log).to.be.instanceOf(customElements.get('crm-contact-log')!);
      expect(customElements.get('crm-order-list')).to.equal(undefined);
    } finally {
      log.remove();
    }
  });

  it('starts no bridge on a page without a native host, until the page starts it', async () => {
    // The bridge keeps itself on the window once started (also from a second copy of the SDK).
    const started = () => (window as unknown as Record<symbol, unknown>)[Symbol.for('crm-widgets.bridge')];
    expect(window.CrmWidgets!.bridge).to.equal(undefined);
    expect(started()).to.equal(undefined);
    const bridge = await window.CrmWidgets!.startBridge();
    try {
      expect(bridge.host).to.equal('none');
      expect(window.CrmWidgets!.bridge).to.equal(bridge);
      expect(started()).to.equal(bridge);
      expect(await window.CrmWidgets!.startBridge()).to.equal(bridge);
    } finally {
      bridge.stop();
    }
  });

  it('takes up the bridge another copy of the SDK started on the page before it', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<script>window[Symbol.for('crm-widgets.bridge')] = { host: 'none', stop() {} };</script>
      <script src="${apiUrl}dist/crm-widgets.iife.js"></script>`;
    document.body.append(frame);
    try {
      const win = () => frame.contentWindow as (Window & { CrmWidgets?: CrmWidgetsGlobal }) | null;
      await waitUntil(() => win()?.CrmWidgets?.bridge, 'the script never took up the bridge started before it');
      const started = (win() as unknown as Record<symbol, unknown>)[Symbol.for('crm-widgets.bridge')];
      expect(win()!.CrmWidgets!.bridge).to.equal(started);
    } finally {
      frame.remove();
    }
  });

  it('defines the elements inside a shadow root it is shown, and every element on request', async () => {
    const host = document.createElement('div');
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<crm-customer-insights></crm-customer-insights>';
    document.body.append(host);
    try {
      await window.CrmWidgets!.discover(shadow);
      expect(customElements.get('crm-customer-insights')).to.be.a('function');
      await window.CrmWidgets!.define();
      for (const tag of ['crm-provider', 'crm-customer-card', 'crm-order-list', 'crm-contact-log'])
        expect(customElements.get(tag), tag).to.be.a('function');
    } finally {
      host.remove();
    }
  });

  it('shows a seeded customer loaded from the API', async () => {
    const token = await demoToken('demo');
    const direct = await fetch(`${apiUrl}v1/customers/c_1042`, { headers: { Authorization: `Bearer ${token}` } });
    expect(direct.status).to.equal(200);
    const seeded = (await direct.json()) as { name: string; company?: string };

    window.CrmWidgets!.configure({ baseUrl: apiUrl, getToken: () => demoToken('demo') });
    const card = document.createElement('crm-customer-card');
    card.setAttribute('customer-id', 'c_1042');
    document.body.append(card);
    try {
      await waitUntil(() => nameIn(card), 'the card never showed a name', { timeout: 8000 });
      expect(nameIn(card)).to.equal(seeded.name);
      if (seeded.company)
        expect(card.shadowRoot!.querySelector('[part="company"]')!.textContent).to.equal(seeded.company);
    } finally {
      card.remove();
    }
  });

  it('switches to zh-CN once its strings have loaded on first use, never showing them half-switched', async () => {
    window.CrmWidgets!.configure({ baseUrl: apiUrl, getToken: () => demoToken('demo') });
    const card = document.createElement('crm-customer-card');
    card.setAttribute('customer-id', 'c_1042');
    document.body.append(card);
    const base = () => card.shadowRoot?.querySelector('[part="base"]');
    const seen: string[] = [];
    const record = () => seen.push(`${base()?.getAttribute('lang')} ${base()?.getAttribute('aria-label')}`);
    const changes = new MutationObserver(record);
    try {
      await waitUntil(() => nameIn(card), 'the card never showed a name', { timeout: 8000 });
      expect(base()!.getAttribute('aria-label')).to.equal('Customer');
      changes.observe(card.shadowRoot!, { subtree: true, childList: true, attributes: true, characterData: true });
      // The page has used no zh-CN string yet: they load now, and the card keeps English until they are here.
      card.setAttribute('locale', 'zh-CN');
      await waitUntil(() => base()?.getAttribute('aria-label') === '客户', 'the card never spoke zh-CN');
      expect(seen.filter((state) => state !== 'zh-CN 客户')).to.deep.equal([]);
    } finally {
      changes.disconnect();
      card.remove();
    }
  });

  it("shows another tenant's customer as not found, firing crm-error", async () => {
    window.CrmWidgets!.configure({ baseUrl: apiUrl, getToken: () => demoToken('acme') });
    const card = document.createElement('crm-customer-card');
    const errors: Event[] = [];
    card.addEventListener('crm-error', (event) => errors.push(event));
    card.setAttribute('customer-id', 'c_1042');
    document.body.append(card);
    try {
      await waitUntil(() => errors.length > 0, 'crm-error never fired', { timeout: 8000 });
      const { error } = errors[0] as Event & { error: { kind: string; status?: number } };
      expect(error).to.be.instanceOf(window.CrmWidgets!.CrmApiError);
      expect([error.kind, error.status]).to.deep.equal(['http', 404]);
      await waitUntil(() => card.shadowRoot!.querySelector('[part="error"]'));
      expect(nameIn(card)).to.equal(undefined);
    } finally {
      card.remove();
    }
  });
});
