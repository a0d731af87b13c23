// The classic-script build: `window.CrmWidgets` holds this module's exports. Every element is in
// it, and each one's code runs when the page first uses its tag (see loader.ts).
import { startBridge } from './bridge/bridge.js';
import { watchDocument } from './loader.js';
import { configure } from './stores/crm.js';
import { enhanceHostPage } from './webview/host-page.js';

// Not from index.js: it also exports every element's class, whose code would then run at once.
export { configure, createCrm, $defaultCrm } from './stores/crm.js';
export { CrmApiError, isCrmApiError } from './api/errors.js';
export { version } from './version.js';
export { define, discover } from './loader.js';
export { startBridge };

/**
 * The page's webview bridge, started when the script runs: native code reaches the page with
 * `CrmWidgets.bridge.receive(message)`. Without a native host (or an allowed parent window) it is
 * inert; with one, a page of `data-crm-bridge` elements becomes a webview host page.
 */
export const bridge = startBridge();
if (bridge.host !== 'none') enhanceHostPage(bridge.$state);
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
