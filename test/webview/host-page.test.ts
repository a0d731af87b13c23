import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { atom } from 'nanostores';
import { announcerRegion } from '../../src/core/announcer.js';
import { englishStrings, zhCN } from '../helpers/strings.js';
import { enhanceHostPage, type HostPageState } from '../../src/webview/host-page.js';
import { keepFieldAboveKeyboard } from '../../src/webview/keyboard.js';
import type { Crm } from '../../src/stores/crm.js';
import { offlineCrm } from '../helpers/offline-crm.js';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('webview host page', () => {
  const root = document.documentElement;
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    stop = undefined;
    for (const name of ['data-crm-state', 'data-crm-theme', 'data-crm-offline']) root.removeAttribute(name);
    root.lang = 'en';
  });

  it('waits for config, then takes its language and theme; offline shows one localised banner, announced once', async () => {
    const page = await fixture<HTMLElement>(
      html`<div>
        <p data-crm-waiting></p>
        <p data-crm-offline-banner hidden></p>
      </div>`,
    );
    const $state = atom<HostPageState>({ online: true });
    stop = enhanceHostPage($state);
    const waiting = page.querySelector('[data-crm-waiting]')!;
    const banner = page.querySelector<HTMLElement>('[data-crm-offline-banner]')!;
    expect(root.dataset['crmState']).to.equal('waiting');
    expect(waiting.textContent).to.equal(englishStrings.hostPage.waiting);
    expect(banner.hidden).to.equal(true);

    $state.set({ config: { locale: 'zh-CN' }, theme: 'dark', online: true });
    expect(root.dataset['crmState']).to.equal('ready');
    expect(root.lang).to.equal('zh-CN');
    expect(root.dataset['crmTheme']).to.equal('dark');

    $state.set({ ...$state.get(), online: false });
    expect(root.hasAttribute('data-crm-offline')).to.equal(true);
    expect(banner.hidden).to.equal(false);
    // zh-CN's strings load on first use; the banner's words follow them.
    await waitUntil(() => banner.textContent === zhCN.hostPage.offline, 'the banner is not in zh-CN');
    await waitUntil(() => announcerRegion()?.textContent === zhCN.hostPage.offline, 'going offline was not announced');

    $state.set({ ...$state.get(), online: true });
    expect(banner.hidden).to.equal(true);
    expect(root.hasAttribute('data-crm-offline')).to.equal(false);
    await waitUntil(() => announcerRegion()?.textContent === zhCN.hostPage.backOnline, 'coming back was not announced');
  });
});

describe('webview host page with offline on', () => {
  const root = document.documentElement;
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    stop = undefined;
    for (const name of ['data-crm-state', 'data-crm-theme', 'data-crm-offline']) root.removeAttribute(name);
    root.lang = 'en';
  });

  it('counts the changes waiting on the device in the offline banner, pluralised in en and zh-CN', async () => {
    const page = await fixture<HTMLElement>(html`<div><p data-crm-offline-banner hidden></p></div>`);
    const banner = page.querySelector<HTMLElement>('[data-crm-offline-banner]')!;
    const { crm, $outbox } = offlineCrm();
    const $crm = atom<Crm | undefined>(undefined);
    const $state = atom<HostPageState>({ config: { locale: 'en' }, online: false });
    stop = enhanceHostPage($state, window, $crm);
    const en = englishStrings.hostPage;
    expect(banner.textContent).to.equal(en.offline);
    $crm.set(crm);
    $outbox.set({ queued: 1, sending: 0, failed: 0, conflicts: 0 });
    expect(banner.textContent).to.equal('Offline — 1 change will be sent when you are back online.');
    $outbox.set({ queued: 1, sending: 1, failed: 3, conflicts: 1 });
    expect(banner.textContent).to.equal('Offline — 2 changes will be sent when you are back online.');
    $state.set({ config: { locale: 'zh-CN' }, online: false });
    await waitUntil(
      () => banner.textContent === '当前离线 — 2 项更改将在恢复联网后发送。',
      'the banner is not in zh-CN',
    );
    $state.set({ config: { locale: 'zh-CN' }, online: true });
    expect(banner.hidden).to.equal(true);
    $outbox.set({ queued: 0, sending: 0, failed: 0, conflicts: 0 });
    $state.set({ config: { locale: 'en' }, online: false });
    expect(banner.textContent).to.equal(en.offline);
    await waitUntil(() => announcerRegion()?.textContent === en.offline, 'going offline was not announced');
  });

  it('announces going offline with the count of waiting changes', async () => {
    await fixture<HTMLElement>(html`<div><p data-crm-offline-banner hidden></p></div>`);
    const { crm, $outbox } = offlineCrm();
    $outbox.set({ queued: 3, sending: 0, failed: 0, conflicts: 0 });
    const $state = atom<HostPageState>({ config: { locale: 'en' }, online: true });
    stop = enhanceHostPage($state, window, atom<Crm | undefined>(crm));
    $state.set({ ...$state.get(), online: false });
    await waitUntil(
      () => announcerRegion()?.textContent === englishStrings.hostPage.offlineWaiting(3),
      'going offline was not announced with the count',
    );
  });
});

class KeyboardField extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).append(document.createElement('textarea'));
  }
}
customElements.define('test-keyboard-field', KeyboardField);

describe('keepFieldAboveKeyboard', () => {
  it('publishes the keyboard height and scrolls the focused field in a shadow root above it', async () => {
    const height = window.innerHeight;
    const page = await fixture<HTMLElement>(
      html`<div>
        <div class="spacer"></div>
        <test-keyboard-field></test-keyboard-field>
        <div class="after"></div>
      </div>`,
    );
    // Through the CSSOM: the test page's policy is the page's business, not this test's.
    page.querySelector<HTMLElement>('.spacer')!.style.blockSize = `${height * 2}px`;
    page.querySelector<HTMLElement>('.after')!.style.blockSize = `${height * 2}px`;
    const field = page.querySelector('test-keyboard-field')!.shadowRoot!.querySelector('textarea')!;
    // The field sits near the bottom of the screen, where a keyboard would cover it.
    window.scrollTo(0, field.getBoundingClientRect().top + window.scrollY - (height - field.offsetHeight - 10));
    // A visual viewport we can shrink, as the on-screen keyboard does.
    const viewport = Object.assign(new EventTarget(), { height, offsetTop: 0 });
    const fake = new Proxy(window, {
      get(target, key) {
        if (key === 'visualViewport') return viewport;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const stop = keepFieldAboveKeyboard(fake);
    try {
      field.focus();
      await nextFrame();
      expect(document.documentElement.style.getPropertyValue('--crm-keyboard-inset')).to.equal('0px');
      expect(field.getBoundingClientRect().bottom).to.be.above(height / 2);

      viewport.height = Math.round(height / 2);
      viewport.dispatchEvent(new Event('resize'));
      await nextFrame();
      expect(document.documentElement.style.getPropertyValue('--crm-keyboard-inset')).to.equal(
        `${height - Math.round(height / 2)}px`,
      );
      const box = field.getBoundingClientRect();
      expect(box.bottom, 'the field is still behind the keyboard').to.be.at.most(viewport.height);
      expect(box.top).to.be.at.least(0);
    } finally {
      stop();
      window.scrollTo(0, 0);
    }
    expect(document.documentElement.style.getPropertyValue('--crm-keyboard-inset')).to.equal('');
  });
});
