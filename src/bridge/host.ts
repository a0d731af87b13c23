import { devWarn } from '../core/dev.js';

/** Where the page runs: the native host found at start, a parent window, or nothing (`none`). */
export type BridgeHost = 'webkit' | 'android' | 'react-native' | 'flutter' | 'parent' | 'none';

type Channel = {
  postMessage(message: string): void;
  addEventListener?: (type: 'message', listener: (event: MessageEvent) => void) => void;
};
type NativeGlobals = { webkit?: { messageHandlers?: { crmWidgets?: Channel } } } & Partial<
  Record<'CrmWidgetsAndroid' | 'ReactNativeWebView' | 'CrmWidgetsFlutter', Channel>
>;

/** The native host the page runs in and how to reach it. */
export interface HostLink {
  readonly host: BridgeHost;
  /** The native channel (none for a parent window). */
  readonly channel: Channel | undefined;
  /** Sends one protocol v1 message; a failure is warned about, never thrown. */
  send(type: string, payload?: unknown, id?: string): void;
  /** Whether a message from a parent window may be read (source and origin); locks the parent's origin. */
  acceptsFromParent(event: MessageEvent): boolean;
}

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

/** The first native channel the page has: webkit, android, react-native (when declared), flutter. */
function nativeChannel(win: Window, reactNative: boolean | undefined) {
  const globals = win as unknown as NativeGlobals;
  const declared =
    reactNative ??
    /(^|\s)react-native(\s|$)/.test(
      win.document.querySelector<HTMLMetaElement>('meta[name="crm-bridge"]')?.content ?? '',
    );
  const candidates = [
    ['webkit', globals.webkit?.messageHandlers?.crmWidgets],
    ['android', globals.CrmWidgetsAndroid],
    ['react-native', declared ? globals.ReactNativeWebView : undefined],
    ['flutter', globals.CrmWidgetsFlutter],
  ] as const;
  return candidates.find(([, found]) => typeof found?.postMessage === 'function');
}

/** Where a started bridge is kept on its window (shared by every copy of the SDK on the page). */
export const bridgeKey = Symbol.for('crm-widgets.bridge');

/**
 * The host the page has: the first native channel, else a parent window when an origin is allowed,
 * else `none`. Cheap, and free of the bridge's code: the classic script asks it when it starts, to
 * run the bridge only on a page that has a host.
 */
export function hostOf(win: Window, allowedOrigins?: string[], reactNative?: boolean): BridgeHost {
  return hostFrom(win, nativeChannel(win, reactNative)?.[0], originsOf(win, allowedOrigins));
}

/** The native host found, else a parent window when an origin is allowed, else `none`. */
const hostFrom = (win: Window, native: BridgeHost | undefined, origins: string[]): BridgeHost =>
  native ?? (win.parent !== win && origins.length > 0 ? 'parent' : 'none');

/** Finds the native host (or an allowed parent window) and the way to send to it. */
export function linkToHost(
  win: Window,
  allowedOrigins: string[] | undefined,
  reactNative: boolean | undefined,
): HostLink {
  const origins = originsOf(win, allowedOrigins);
  // The parent's origin, once known: the browser's own word, or the first message it accepted.
  const ancestor = win.location.ancestorOrigins?.[0];
  let parentOrigin = ancestor && origins.includes(ancestor) ? ancestor : undefined;
  const [native, channel] = nativeChannel(win, reactNative) ?? [];
  const host = hostFrom(win, native, origins);

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

  const acceptsFromParent = (event: MessageEvent) => {
    if (event.source !== win.parent) {
      devWarn('bridge: dropped a message: not from the parent window.');
      return false;
    }
    if (!(parentOrigin ?? origins).includes(event.origin)) {
      devWarn(`bridge: dropped a message from ${event.origin}: origin not allowed.`);
      return false;
    }
    parentOrigin = event.origin;
    return true;
  };

  return { host, channel, send, acceptsFromParent };
}
