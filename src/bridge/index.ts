/**
 * The webview bridge: the page's end of protocol v1 between the SDK and a native host (iOS
 * WKWebView, Android WebView, React Native WebView, Flutter) or a parent window.
 *
 * @module
 */
export { startBridge, createBridge, bridgedEvents, type CrmBridge, type BridgeOptions, type BridgeState, type BridgeHost } from './bridge.js';
export { maxMessageLength, type BridgeConfig, type BridgeTheme } from './messages.js';
