// The classic-script build: `window.CrmWidgets` holds this module's exports. Every element is in
// it, and each one's code runs when the page first uses its tag (see loader.ts).
import type { BridgeOptions, CrmBridge } from './bridge/bridge.js';
import { bridgeKey, hostOf } from './bridge/host.js';
import { watchDocument } from './loader.js';
import { configure } from './stores/crm.js';

// Not from index.js: it also exports every element's class, whose code would then run at once.
export { configure, createCrm, $defaultCrm } from './stores/crm.js';
export { CrmApiError, isCrmApiError } from './api/errors.js';
export { version } from './version.js';
export { define, discover } from './loader.js';

/**
 * The page's webview bridge: native code reaches the page with `CrmWidgets.bridge.receive(message)`.
 * Started when the page has a native host (or a parent window its `<meta name="crm-bridge-origins">`
 * allows), or another copy of the SDK started one: its code runs in the microtasks right after the
 * script, which send `ready` and then set this (native code answers `ready` in a later task). A page
 * of `data-crm-bridge` elements then becomes a webview host page. On a page without a host the
 * bridge's code never runs and this stays `undefined`, unless the page calls {@link startBridge}.
 */
export let bridge: CrmBridge | undefined;

/**
 * Starts the page's bridge (or answers the one already started) and sets `CrmWidgets.bridge`: for
 * a page that learns its parent's origins itself, `CrmWidgets.startBridge({ allowedOrigins })`.
 * Its code is a part of the script run on first use, so the answer is a promise.
 */
export function startBridge(options?: BridgeOptions): Promise<CrmBridge> {
  return import('./bridged-page.js').then(({ startBridgedPage }) => {
    const started = startBridgedPage(options);
    // A bridge for another window (`options.window`) is not this page's.
    if (!options?.window || options.window === window) bridge = started;
    return started;
  });
}

if (hostOf(window) !== 'none' || bridgeKey in window) void startBridge();
configureQueued();
watchDocument();

/**
 * A page may call `configure()` before this script has loaded (an `async` script tag), through
 * the stub the guide's snippet sets up: `window.CrmWidgets = { q: [], configure(o) { this.q.push(o) } }`.
 * The options it queued are applied here, in order, before the page's elements are looked for, so
 * their data is asked for at once. A bad one is reported on the console (a direct call would
 * throw it) without stopping the script or the options queued after it.
 */
function configureQueued(): void {
  const stub = (globalThis as { CrmWidgets?: { q?: unknown } }).CrmWidgets;
  if (!Array.isArray(stub?.q)) return;
  for (const options of stub.q as Parameters<typeof configure>[0][]) {
    try {
      configure(options);
    } catch (error) {
      console.error('[crm-widgets] configure() called before the script loaded failed:', error);
    }
  }
}
