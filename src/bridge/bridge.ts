import { atom, type ReadableAtom } from 'nanostores';
import type { TokenProvider } from '../api/client.js';
import { configure, type Crm } from '../stores/crm.js';
import { devWarn } from '../core/dev.js';
import { elementSelector } from '../core/elements.js';
import { eventClasses } from '../events/index.js';
import type { PlatformSignals } from '../stores/live.js';
import { version } from '../version.js';
import { parseMessage, type BridgeConfig, type BridgeTheme } from './messages.js';

/** Where the page runs: the native host found at start, a parent window, or nothing (`none`). */
export type BridgeHost = 'webkit' | 'android' | 'react-native' | 'flutter' | 'parent' | 'none';

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
const capabilities = ['config', 'token', 'events', 'resize', 'pause', 'online', 'theme'];

type Channel = {
  postMessage(message: string): void;
  addEventListener?: (type: 'message', listener: (event: MessageEvent) => void) => void;
};
type NativeGlobals = { webkit?: { messageHandlers?: { crmWidgets?: Channel } } } & Partial<
  Record<'CrmWidgetsAndroid' | 'ReactNativeWebView' | 'CrmWidgetsFlutter', Channel>
>;

/** Reads the allowlist: origins only (never `*`, never the opaque `null`), `'self'` resolved. */
function originsOf(win: Window, given: string[] | undefined): string[] {
  const listed =
    given ?? win.document.querySelector<HTMLMetaElement>('meta[name="crm-bridge-origins"]')?.content.split(/\s+/) ?? [];
  return listed.flatMap((entry) => {
    try {
      const origin = entry === "'self'" ? win.location.origin : new URL(entry).origin;
      return origin === 'null' ? [] : [origin];
    } catch {
      return [];
    }
  });
}

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
 * Creates a bridge for `options.window` (this window by default). Prefer {@link startBridge},
 * which makes one per window; this one is for tests and for hosts that manage the lifetime.
 */
export function createBridge(options: BridgeOptions = {}): CrmBridge {
  const win = (options.window ?? window) as typeof window;
  const globals = win as unknown as NativeGlobals;
  const origins = originsOf(win, options.allowedOrigins);
  const reactNative =
    options.reactNative ??
    /(^|\s)react-native(\s|$)/.test(
      win.document.querySelector<HTMLMetaElement>('meta[name="crm-bridge"]')?.content ?? '',
    );
  // The parent's origin, once known: the browser's own word, or the first message it accepted.
  const ancestor = win.location.ancestorOrigins?.[0];
  let parentOrigin = ancestor && origins.includes(ancestor) ? ancestor : undefined;

  let channel: Channel | undefined;
  let host: BridgeHost = 'none';
  for (const [name, found] of [
    ['webkit', globals.webkit?.messageHandlers?.crmWidgets],
    ['android', globals.CrmWidgetsAndroid],
    ['react-native', reactNative ? globals.ReactNativeWebView : undefined],
    ['flutter', globals.CrmWidgetsFlutter],
  ] as const) {
    if (typeof found?.postMessage === 'function') {
      [host, channel] = [name, found];
      break;
    }
  }
  if (host === 'none' && win.parent !== win && origins.length > 0) host = 'parent';

  const $state = atom<BridgeState>({ host, paused: false, online: win.navigator.onLine });
  const $visible = atom(true);
  const $online = atom($state.get().online);
  const update = (change: Partial<BridgeState>) => {
    const state = { ...$state.get(), ...change };
    $state.set(state);
    $visible.set(win.document.visibilityState !== 'hidden' && !state.paused);
    $online.set(state.online);
  };
  update({});

  const send = (type: string, payload?: unknown, id?: string) => {
    const message = { v: 1, type, ...(id ? { id } : {}), ...(payload ? { payload } : {}) };
    try {
      if (channel) channel.postMessage(JSON.stringify(message));
      // Until the parent's origin is known, each allowed origin is tried: the browser delivers only
      // to the one the parent has. Never '*'.
      else for (const origin of parentOrigin ? [parentOrigin] : origins) win.parent.postMessage(message, origin);
    } catch (error) {
      devWarn(`bridge: could not send "${type}".`, error);
    }
  };

  const pending = new Map<string, (result: string | Error) => void>();
  let requests = 0;
  let stopped = false;
  let crm: Crm | undefined;

  const getToken: TokenProvider = (request) =>
    new Promise<string>((resolve, reject) => {
      if (host === 'none' || stopped) return reject(new Error('crm-widgets: no native host to ask for a token.'));
      const id = `token-${++requests}`;
      const timer = setTimeout(
        () => settle(new Error('crm-widgets: the native host did not answer the token request in time.')),
        options.tokenTimeoutMs ?? 10_000,
      );
      const settle = (result: string | Error) => {
        clearTimeout(timer);
        pending.delete(id);
        if (typeof result === 'string') resolve(result);
        else reject(result);
      };
      pending.set(id, settle);
      send('token-request', request?.forceRefresh ? { forceRefresh: true } : undefined, id);
    });

  const setAll = (selector: string, name: string, value: string | undefined) => {
    if (value) for (const element of win.document.querySelectorAll(selector)) element.setAttribute(name, value);
  };

  const applyConfig = (payload: BridgeConfig) => {
    const config = { ...$state.get().config, ...payload };
    const { protocol, origin } = win.location;
    const baseUrl = config.baseUrl ?? (/^https?:$/.test(protocol) ? `${origin}/` : undefined);
    if (!baseUrl) return devWarn('bridge: dropped "config": no baseUrl, and the page is not served over http(s).');
    const previous = $state.get().config;
    if (!crm || baseUrl !== (previous?.baseUrl ?? `${origin}/`)) {
      try {
        crm = configure({
          baseUrl,
          getToken,
          ...(config.locale ? { locale: config.locale } : {}),
          signals: { $visible, $online },
        });
      } catch {
        // configure()'s own message would quote the URL: the warning names the rule only.
        return devWarn(
          'bridge: dropped "config": configure() refused its baseUrl (https, or http for localhost only).',
        );
      }
    } else if (config.locale !== previous?.locale) crm.$locale.set(config.locale);
    // Only what this message names is applied: a later `theme` message or page change stands.
    update({ config, theme: payload.theme ?? $state.get().theme });
    setAll(elementSelector, 'theme', payload.theme);
    setAll('[data-crm-bridge]', 'customer-id', payload.customerId);
  };

  const handle = (input: unknown) => {
    if (host === 'none' || stopped) return devWarn('bridge: dropped a message: no native host.');
    const message = parseMessage(input);
    if (typeof message === 'string') return devWarn(`bridge: dropped a message: ${message}.`);
    switch (message.type) {
      case 'config':
        return applyConfig(message.payload);
      case 'token': {
        const waiting = pending.get(message.id);
        return waiting
          ? waiting(message.payload.token)
          : devWarn('bridge: dropped "token": it answers no pending request.');
      }
      case 'theme':
        update({ theme: message.payload.theme });
        return setAll(elementSelector, 'theme', message.payload.theme);
      default:
        update(
          message.type === 'pause' || message.type === 'resume'
            ? { paused: message.type === 'pause' }
            : { online: message.type === 'online' },
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

  const cleanups: (() => void)[] = [];
  const listen = (target: EventTarget, type: string, listener: (event: never) => void) => {
    target.addEventListener(type, listener as EventListener);
    cleanups.push(() => target.removeEventListener(type, listener as EventListener));
  };

  if (host !== 'none') {
    listen(win.document, 'visibilitychange', () => update({}));
    listen(win, 'online', () => update({ online: true }));
    listen(win, 'offline', () => update({ online: false }));
    if (host === 'parent') {
      listen(win, 'message', (event: MessageEvent) => {
        if (event.source !== win.parent) return devWarn('bridge: dropped a message: not from the parent window.');
        if (!(parentOrigin ?? origins).includes(event.origin))
          return devWarn(`bridge: dropped a message from ${event.origin}: origin not allowed.`);
        parentOrigin = event.origin;
        receive(event.data);
      });
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
    let frame = 0;
    let height = -1;
    const root = win.document.documentElement;
    const observer = new win.ResizeObserver(() => {
      frame ||= win.requestAnimationFrame(() => {
        frame = 0;
        const now = Math.ceil(root.getBoundingClientRect().height);
        if (now !== height) send('resize', { height: (height = now) });
      });
    });
    observer.observe(root);
    cleanups.push(() => {
      observer.disconnect();
      win.cancelAnimationFrame(frame);
    });
    send('ready', { version, capabilities });
  }

  return {
    host,
    receive,
    $state,
    signals: { $visible, $online },
    getToken,
    stop() {
      stopped = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
      for (const settle of pending.values()) settle(new Error('crm-widgets: the bridge was stopped.'));
    },
  };
}

const bridgeKey = Symbol.for('crm-widgets.bridge');

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
