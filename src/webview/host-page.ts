import type { ReadableAtom } from 'nanostores';
import { announce } from '../core/announcer.js';
import { resolveLocale, stringsFor } from '../i18n/index.js';
import { keepFieldAboveKeyboard } from './keyboard.js';

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
 *   back is announced once, instead of an error in every element;
 * - the on-screen keyboard never covers the field being typed in ({@link keepFieldAboveKeyboard}).
 *
 * @returns a function that stops it.
 */
export function enhanceHostPage($state: ReadableAtom<HostPageState>, win: Window = window): () => void {
  const root = win.document.documentElement;
  let wasOnline = true;
  const render = (state: HostPageState) => {
    if (state.config?.locale) root.lang = state.config.locale;
    root.dataset['crmState'] = state.config ? 'ready' : 'waiting';
    if (state.theme) root.dataset['crmTheme'] = state.theme;
    const t = stringsFor(resolveLocale(state.config?.locale)).hostPage;
    for (const note of win.document.querySelectorAll('[data-crm-waiting]')) note.textContent = t.waiting;
    root.toggleAttribute('data-crm-offline', !state.online);
    for (const banner of win.document.querySelectorAll<HTMLElement>('[data-crm-offline-banner]')) {
      banner.textContent = state.online ? '' : t.offline;
      banner.hidden = state.online;
    }
    if (state.online !== wasOnline) announce(state.online ? t.backOnline : t.offline);
    wasOnline = state.online;
  };
  const unsubscribe = $state.subscribe(render);
  const stopKeyboard = keepFieldAboveKeyboard(win);
  return () => {
    unsubscribe();
    stopKeyboard();
  };
}
