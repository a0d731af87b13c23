import { atom, type ReadableAtom, type WritableAtom } from 'nanostores';
import type { TokenProvider } from '../api/client.js';
import { configure, type Crm } from '../stores/crm.js';
import { devWarn } from '../core/dev.js';
import { elementSelector } from '../core/elements.js';
import { eventClasses } from '../events/index.js';
import type { PlatformSignals } from '../stores/signals.js';
import { version } from '../version.js';
import { bridgeKey, linkToHost, type BridgeHost, type HostLink } from './host.js';
import { parseMessage, type BridgeConfig, type BridgeTheme } from './messages.js';
import { createTokenRequests } from './tokens.js';

export type { BridgeHost };

/** What the bridge knows, as native code last told it. */
export interface BridgeState {
  readonly host: BridgeHost;
  /** Every `config` field received so far (a later message updates the fields it names). */
  readonly config?: BridgeConfig;
  /** The theme last asked for; pages apply it to elements they add later. */
  readonly theme?: BridgeTheme;
  /** Between `pause` and `resume`. */
  readonly paused: boolean;
  /** `online`/`offline` from native code, and the browser's own online/offline events. */
  readonly online: boolean;
}

/** Options of {@link startBridge} and {@link createBridge}. */
export interface BridgeOptions {
  /**
   * Origins a parent window may have (`https://app.example.com`; `'self'` is the page's own).
   * Without it the `<meta name="crm-bridge-origins" content="'self' https://app.example.com">`
   * list is read; with neither, a parent window is never talked to.
   */
  allowedOrigins?: string[];
  /** Milliseconds to wait for a `token` answer before the request fails as an `auth` error; 10 000. */
  tokenTimeoutMs?: number;
  /** The window to bridge; this one by default. */
  window?: Window;
  /**
   * Whether this page is a React Native host page. `window.ReactNativeWebView` is not ours: it is
   * in every react-native-webview with an `onMessage`, in-app browsers included, so the bridge uses
   * it only when the page says so, with this option or `<meta name="crm-bridge" content="react-native">`.
   * (The other channels are named for crm-widgets and need nothing.)
   */
  reactNative?: boolean;
}

/** The page's end of the webview bridge (protocol v1). */
export interface CrmBridge {
  readonly host: BridgeHost;
  /**
   * Takes one message from native code, as an object or JSON text. Invalid messages are dropped
   * (with a warning in development builds); this never throws.
   */
  receive(message: unknown): void;
  readonly $state: ReadableAtom<BridgeState>;
  /** Visibility (the document's, and not paused by native code) and connectivity, for `configure()`. */
  readonly signals: PlatformSignals;
  /** Asks native code for a token (`token-request`); fails after `tokenTimeoutMs` without an answer. */
  readonly getToken: TokenProvider;
  /** Removes every listener and fails pending token requests; the bridge then ignores messages. */
  stop(): void;
}

/** The events sent to native code (every event an element fires); the cancelable ones are cancelled so the page does not act too. */
export const bridgedEvents: readonly string[] = eventClasses.map((event) => event.eventName);
const capabilities = ['config', 'token', 'events', 'resize', 'pause', 'online', 'theme', 'offline'];

/** A JSON-safe copy of an event's own fields; errors keep only `kind`, `status` and `message`. */
function detailOf(event: Event): unknown {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(event)) if (key !== 'isTrusted') fields[key] = (event as never)[key];
  return JSON.parse(
    JSON.stringify(fields, (_key, value: unknown) =>
      value instanceof Error
        ? {
            kind: (value as { kind?: unknown }).kind,
            status: (value as { status?: unknown }).status,
            message: value.message,
          }
        : value,
    ),
  );
}

/**
 * Sets a platform signal. A `resume` or `online` message (`again`) that changes nothing still
 * reaches its listeners: what waits for one (the outbox's next try) goes at once. (The browser's
 * own events come only with a change.)
 */
function signal($signal: WritableAtom<boolean>, value: boolean, again: boolean | undefined): void {
  if (again && value && $signal.get()) $signal.notify();
  else $signal.set(value);
}

/** The bridge's state and the platform signals it gives `configure()`: visible unless hidden or paused. */
function createBridgeState(win: Window, host: BridgeHost) {
  const $state = atom<BridgeState>({ host, paused: false, online: win.navigator.onLine });
  const $visible = atom(true);
  const $online = atom($state.get().online);
  const update = (change: Partial<BridgeState>, said?: boolean) => {
    const current = $state.get();
    const state = { ...current, ...change };
    // A signal that changes nothing (a visibilitychange while visible) leaves the state as it was.
    const changed = (Object.keys(state) as (keyof BridgeState)[]).some((key) => state[key] !== current[key]);
    if (changed) $state.set(state);
    signal($visible, win.document.visibilityState !== 'hidden' && !state.paused, said && change.paused === false);
    signal($online, state.online, said && change.online);
  };
  update({});
  return { $state, signals: { $visible, $online }, update };
}

/** Sets an attribute on every element `selector` matches, when there is a value to set. */
function setAll(win: Window, selector: string, name: string, value: string | undefined): void {
  if (value) for (const element of win.document.querySelectorAll(selector)) element.setAttribute(name, value);
}

/** Imports key material (base64 of 32 bytes, checked by the message schema) as a non-extractable AES-GCM key. */
async function importKey(base64: string): Promise<CryptoKey> {
  const bytes = Uint8Array.from(atob(base64.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
  return crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * Applies `config` messages: configures the page's instance (a new one only for another base URL,
 * or another `offline` or key), its locale, and the theme and customer id they name. The key
 * material goes to the instance only, never into the bridge's state.
 */
function configApplier(win: Window, bridge: ReturnType<typeof createBridgeState>, getToken: TokenProvider) {
  let crm: Crm | undefined;
  let offlineKey: string | undefined;
  const apply = (message: BridgeConfig) => {
    const { offlineKey: key, ...payload } = message;
    const config = { ...bridge.$state.get().config, ...payload };
    const { protocol, origin } = win.location;
    const baseUrl = config.baseUrl ?? (/^https?:$/.test(protocol) ? `${origin}/` : undefined);
    if (!baseUrl) return devWarn('bridge: dropped "config": no baseUrl, and the page is not served over http(s).');
    const previous = bridge.$state.get().config;
    const offlineChanged = !!config.offline !== !!previous?.offline || (key !== undefined && key !== offlineKey);
    if (!crm || baseUrl !== (previous?.baseUrl ?? `${origin}/`) || offlineChanged) {
      const sealWith = key ?? offlineKey;
      try {
        crm = configure({
          baseUrl,
          getToken,
          ...(config.locale ? { locale: config.locale } : {}),
          signals: bridge.signals,
          // A key that cannot be imported (no Web Crypto here) leaves the instance in memory, never in the clear.
          ...(config.offline ? { offline: sealWith ? { key: importKey(sealWith) } : true } : {}),
        });
        offlineKey = sealWith;
      } catch {
        // configure()'s own message would quote the URL: the warning names the rule only.
        return devWarn(
          'bridge: dropped "config": configure() refused its baseUrl (https, or http for localhost only).',
        );
      }
    } else if (config.locale !== previous?.locale) crm.$locale.set(config.locale);
    // Only what this message names is applied: a later `theme` message or page change stands.
    bridge.update({ config, theme: payload.theme ?? bridge.$state.get().theme });
    setAll(win, elementSelector, 'theme', payload.theme);
    setAll(win, '[data-crm-bridge]', 'customer-id', payload.customerId);
  };
  // `signout`: the user's data leaves the device (and the unsent writes with it), and so does the
  // instance and the key: the next `config` makes a new one for the next user (from their token).
  const signout = () => {
    void crm?.clearOfflineData().catch(() => undefined);
    crm = offlineKey = undefined;
  };
  return { apply, signout };
}

/** Tells native code the page's height whenever it changes (once a frame at most); returns the stop. */
function reportHeight(win: Window, send: HostLink['send']): () => void {
  let frame = 0;
  let height = -1;
  const root = win.document.documentElement;
  const observer = new (win as typeof window).ResizeObserver(() => {
    frame ||= win.requestAnimationFrame(() => {
      frame = 0;
      const now = Math.ceil(root.getBoundingClientRect().height);
      if (now !== height) send('resize', { height: (height = now) });
    });
  });
  observer.observe(root);
  return () => {
    observer.disconnect();
    win.cancelAnimationFrame(frame);
  };
}

/**
 * Creates a bridge for `options.window` (this window by default). Prefer {@link startBridge},
 * which makes one per window; this one is for tests and for hosts that manage the lifetime.
 */
export function createBridge(options: BridgeOptions = {}): CrmBridge {
  const win = (options.window ?? window) as typeof window;
  const link = linkToHost(win, options.allowedOrigins, options.reactNative);
  const { host, send } = link;
  const bridge = createBridgeState(win, host);
  let stopped = false;
  const tokens = createTokenRequests(
    (id, forceRefresh) => send('token-request', forceRefresh ? { forceRefresh } : undefined, id),
    () => host !== 'none' && !stopped,
    options.tokenTimeoutMs ?? 10_000,
  );
  const config = configApplier(win, bridge, tokens.getToken);

  const handle = (input: unknown) => {
    if (host === 'none' || stopped) return devWarn('bridge: dropped a message: no native host.');
    const message = parseMessage(input);
    if (typeof message === 'string') return devWarn(`bridge: dropped a message: ${message}.`);
    switch (message.type) {
      case 'config':
        return config.apply(message.payload);
      case 'signout':
        return config.signout();
      case 'token':
        if (!tokens.answer(message.id, message.payload.token)) {
          devWarn('bridge: dropped "token": it answers no pending request.');
        }
        return;
      case 'theme':
        bridge.update({ theme: message.payload.theme });
        return setAll(win, elementSelector, 'theme', message.payload.theme);
      default:
        bridge.update(
          message.type === 'pause' || message.type === 'resume'
            ? { paused: message.type === 'pause' }
            : { online: message.type === 'online' },
          true,
        );
    }
  };

  const receive = (input: unknown) => {
    try {
      handle(input);
    } catch (error) {
      // Nothing a message carries may break the page: a bug of ours is reported, not thrown.
      devWarn('bridge: a message could not be handled.', error);
    }
  };

  const cleanups = host === 'none' ? [] : connect(win, link, bridge.update, receive);

  return {
    host,
    receive,
    $state: bridge.$state,
    signals: bridge.signals,
    getToken: tokens.getToken,
    stop() {
      stopped = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
      tokens.failAll(new Error('crm-widgets: the bridge was stopped.'));
    },
  };
}

/**
 * Listens to the page and to native code: visibility and connectivity, messages from a parent
 * window or an Android message channel, element events to forward, and the page's height; then
 * sends `ready`. Returns what undoes it.
 */
function connect(
  win: Window,
  { host, channel, send, acceptsFromParent }: HostLink,
  update: (change: Partial<BridgeState>) => void,
  receive: (input: unknown) => void,
): (() => void)[] {
  const cleanups: (() => void)[] = [];
  const listen = (target: EventTarget, type: string, listener: (event: never) => void) => {
    target.addEventListener(type, listener as EventListener);
    cleanups.push(() => target.removeEventListener(type, listener as EventListener));
  };
  listen(win.document, 'visibilitychange', () => update({}));
  listen(win, 'online', () => update({ online: true }));
  listen(win, 'offline', () => update({ online: false }));
  if (host === 'parent') {
    listen(win, 'message', (event: MessageEvent) => acceptsFromParent(event) && receive(event.data));
  } else if (host === 'android' && typeof channel?.addEventListener === 'function') {
    // A WebViewCompat.addWebMessageListener object: native replies arrive as its message events.
    // (A legacy addJavascriptInterface object has none; native calls receive() instead.)
    channel.addEventListener('message', (event) => receive(event.data));
  }
  for (const name of bridgedEvents) {
    listen(win, name, (event: Event) => {
      // A request the page already took over is reported as such, so native does not act twice.
      const cancelled = event.defaultPrevented;
      event.preventDefault();
      send('event', { name, detail: detailOf(event), ...(cancelled ? { cancelled } : {}) });
    });
  }
  cleanups.push(reportHeight(win, send));
  send('ready', { version, capabilities });
  return cleanups;
}

/**
 * Starts the page's webview bridge, once per window: a second call (also from a second copy of the
 * SDK) answers the first bridge. It finds the native host — `webkit.messageHandlers.crmWidgets`,
 * `CrmWidgetsAndroid`, `ReactNativeWebView`, `CrmWidgetsFlutter`, or else a parent window whose
 * origin is allowed — sends `ready`, and from then on carries config and tokens in, events out.
 * With no host it does nothing.
 */
export function startBridge(options: BridgeOptions = {}): CrmBridge {
  const slot = (options.window ?? window) as unknown as { [bridgeKey]?: CrmBridge };
  let bridge = slot[bridgeKey];
  if (!bridge) {
    bridge = slot[bridgeKey] = createBridge(options);
    const { stop } = bridge;
    bridge.stop = () => {
      stop();
      delete slot[bridgeKey];
    };
  }
  return bridge;
}
