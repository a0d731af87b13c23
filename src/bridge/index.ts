/**
 * The webview bridge: the page's end of protocol v1 between the SDK and a native host (iOS
 * WKWebView, Android WebView, React Native WebView, Flutter) or a parent window. The only code of
 * the SDK that touches native globals or `postMessage`.
 *
 * Behaviour worth knowing on the native side:
 * - **Requests** (`crm-call-request`, `crm-email-request`) are cancelled by the bridge when a host
 *   is present, so the page never opens `tel:`/`mailto:` — native performs them. One the page
 *   cancelled itself before the event reached the window is still sent, with `cancelled: true`
 *   in the `event` payload: native should not act on it. Selections and errors are only reported.
 * - **Android**: with `WebViewCompat.addWebMessageListener`, native replies through the injected
 *   object (its `message` events); with a legacy `addJavascriptInterface` object, native calls
 *   `CrmWidgets.bridge.receive(json)` through `evaluateJavascript`. Both work.
 * - **Parent window**: used only with an origin allowlist. Outgoing messages go to each allowed
 *   origin (never `'*'`) until the parent's origin is known — from `location.ancestorOrigins` where
 *   the browser tells it, or else from the first message accepted from the parent — and then to
 *   that origin only; messages from any other origin are refused from then on.
 * - **Config**: the first `config` (and any that changes `baseUrl`) calls `configure()`; a changed
 *   `locale` alone updates the instance's locale; `theme` and `customerId` are applied to the
 *   elements only when the message names them.
 * - **Resize**: the height of `<html>` (its border box, rounded up), at most once per frame, only
 *   when it changed: a page sized to its content must not give `<html>` a fixed height.
 *
 * @module
 */
export {
  startBridge,
  createBridge,
  bridgedEvents,
  type CrmBridge,
  type BridgeOptions,
  type BridgeState,
  type BridgeHost,
} from './bridge.js';
export { maxMessageLength, type BridgeConfig, type BridgeTheme } from './messages.js';
