import { atom, type ReadableAtom } from 'nanostores';

/** Where the page is: visible or not, online or not. The webview bridge can drive these too. */
export interface PlatformSignals {
  $visible: ReadableAtom<boolean>;
  $online: ReadableAtom<boolean>;
}

/** Visibility and connectivity from the browser's own events. */
export function browserSignals(): PlatformSignals {
  const doc = globalThis.document;
  const $visible = atom(doc ? doc.visibilityState !== 'hidden' : true);
  const $online = atom(globalThis.navigator?.onLine ?? true);
  const update = () => $visible.set(doc.visibilityState !== 'hidden');
  doc?.addEventListener('visibilitychange', update);
  // A page going away (into the back-forward cache, or a removed frame) ends its stream: WPE WebKit
  // 2.38 otherwise keeps the connection of a removed frame open, and the origin runs out of them.
  globalThis.addEventListener?.('pagehide', () => $visible.set(false));
  if (doc) globalThis.addEventListener?.('pageshow', update);
  globalThis.addEventListener?.('online', () => $online.set(true));
  globalThis.addEventListener?.('offline', () => $online.set(false));
  return { $visible, $online };
}
