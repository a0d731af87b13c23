// The classic script's bridge part: its code runs only on a page that has a native host (or an
// allowed parent window) when the script starts, or that calls `CrmWidgets.startBridge()` (see iife.ts).
import { startBridge, type BridgeOptions, type CrmBridge } from './bridge/bridge.js';
import { enhanceHostPage } from './webview/host-page.js';

/** The bridges whose page was made a webview host page (once each). */
const enhanced = new WeakSet<CrmBridge>();

/**
 * Starts the page's bridge (or answers the one started) and, when it found a host, makes the page
 * a webview host page: the waiting note, the offline banner, the keyboard inset. They stop with the
 * bridge, so that a bridge started again afterwards is the only one the page follows.
 */
export function startBridgedPage(options?: BridgeOptions): CrmBridge {
  const bridge = startBridge(options);
  if (bridge.host !== 'none' && !enhanced.has(bridge)) {
    enhanced.add(bridge);
    const stopPage = enhanceHostPage(bridge.$state, options?.window);
    const { stop } = bridge;
    bridge.stop = () => {
      stop();
      stopPage();
    };
  }
  return bridge;
}
