// The classic-script build: `window.CrmWidgets` holds this module's exports.
import './define.js';
import { startBridge } from './bridge/bridge.js';
import { enhanceHostPage } from './webview/host-page.js';

export { configure, createCrm, $defaultCrm, CrmApiError, isCrmApiError, version } from './index.js';
export { startBridge };

/**
 * The page's webview bridge, started when the script runs: native code reaches the page with
 * `CrmWidgets.bridge.receive(message)`. Without a native host (or an allowed parent window) it is
 * inert; with one, a page of `data-crm-bridge` elements becomes a webview host page.
 */
export const bridge = startBridge();
if (bridge.host !== 'none') enhanceHostPage(bridge.$state);
