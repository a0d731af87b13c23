import type { ReadableAtom } from 'nanostores';
import { announce } from '../core/announcer.js';
import { hostPageEn } from '../i18n/en-host-page.js';
import { loadStrings, resolveLocale, stringsFor } from '../i18n/index.js';
import { $defaultCrm, type Crm } from '../stores/crm.js';
import { keepFieldAboveKeyboard } from './keyboard.js';

/** The host page's English (one object: `stringsFor` keeps one catalog per sections object). */
const hostPageSections = { hostPage: hostPageEn };

/** The part of the bridge's state a host page shows. */
export interface HostPageState {
  config?: { locale?: string | undefined } | undefined;
  theme?: 'light' | 'dark' | undefined;
  online: boolean;
}

/**
 * Makes a plain page with `data-crm-bridge` elements a webview host page, with no script of its
 * own (the iife runs this when a native host is present):
 * - `<html data-crm-state="waiting">` until native sends `config`, then `ready` — the page's CSS
 *   shows its `[data-crm-waiting]` note until then, and the elements after;
 * - `<html lang>` from the config's locale, so the page's own text follows the elements', and
 *   `<html data-crm-theme>` from native's theme, for the page's own colours;
 * - `[data-crm-offline-banner]` holds a quiet, localised "offline" line while native (or the
 *   browser) says the device is offline, and `<html data-crm-offline>` is set; going offline and
 *   back is announced once, instead of an error in every element. With the page's instance's
 *   `offline` on, the line says how many changes wait on the device ("Offline — 2 changes will be
 *   sent when you are back online");
 * - the on-screen keyboard never covers the field being typed in ({@link keepFieldAboveKeyboard}).
 *
 * @param $crm - the page's SDK instance (the one `configure()` made), whose waiting changes are counted.
 * @returns a function that stops it.
 */
export function enhanceHostPage(
  $state: ReadableAtom<HostPageState>,
  win: Window = window,
  $crm: ReadableAtom<Crm | undefined> = $defaultCrm,
): () => void {
  const root = win.document.documentElement;
  let wasOnline = true;
  /** Changes kept on the device until the network is back (queued, or being sent). */
  let waiting = 0;
  const render = (state: HostPageState) => {
    if (state.config?.locale) root.lang = state.config.locale;
    root.dataset['crmState'] = state.config ? 'ready' : 'waiting';
    if (state.theme) root.dataset['crmTheme'] = state.theme;
    root.toggleAttribute('data-crm-offline', !state.online);
    for (const banner of win.document.querySelectorAll<HTMLElement>('[data-crm-offline-banner]'))
      banner.hidden = state.online;
    // The words wait for their locale's strings (English is always here); then they are written and announced.
    const locale = resolveLocale(state.config?.locale);
    const loading = loadStrings(locale);
    if (loading) return void loading.then(() => render($state.get()));
    const t = stringsFor(locale, hostPageSections).hostPage;
    for (const note of win.document.querySelectorAll('[data-crm-waiting]')) note.textContent = t.waiting;
    const offline = waiting ? t.offlineWaiting(waiting) : t.offline;
    for (const banner of win.document.querySelectorAll<HTMLElement>('[data-crm-offline-banner]'))
      banner.textContent = state.online ? '' : offline;
    if (state.online !== wasOnline) announce(state.online ? t.backOnline : offline);
    wasOnline = state.online;
  };
  const unsubscribe = $state.subscribe(render);
  const stopOutbox = followOutbox($crm, (count) => {
    waiting = count;
    render($state.get());
  });
  const stopKeyboard = keepFieldAboveKeyboard(win);
  return () => {
    unsubscribe();
    stopOutbox();
    stopKeyboard();
  };
}

/** Calls `onCount` with how many changes of the page's instance wait to be sent, as it changes. */
function followOutbox($crm: ReadableAtom<Crm | undefined>, onCount: (count: number) => void): () => void {
  let stopCounts: (() => void) | undefined;
  const stopCrm = $crm.subscribe((crm) => {
    stopCounts?.();
    stopCounts = crm?.$outbox.subscribe(({ queued, sending }) => onCount(queued + sending));
    if (!crm) onCount(0);
  });
  return () => {
    stopCrm();
    stopCounts?.();
  };
}
