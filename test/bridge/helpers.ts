// Simulated native hosts for the bridge tests: each installs the global a real host injects and
// records what the page sends through it.
import type { WritableAtom } from 'nanostores';
import type { Crm } from '../../src/stores/crm.js';

/** A protocol message as the page sent it, parsed. */
export interface Sent {
  v: number;
  type: string;
  id?: string;
  payload?: Record<string, unknown>;
}

export type NativeHost = 'webkit' | 'android' | 'android-legacy' | 'react-native' | 'flutter';

export interface FakeHost {
  /** Everything posted to the channel, as posted. */
  raw: unknown[];
  /** The posted messages, parsed. */
  sent(): Sent[];
  /** The last message of `type` sent. */
  last(type: string): Sent | undefined;
  /** Only for the Android web-message listener: a native reply, as its `message` event. */
  reply?(message: unknown): void;
  uninstall(): void;
}

type Globals = Record<string, unknown>;

/** Installs `host`'s global on `win` (this window by default). */
export function installHost(host: NativeHost, win: Window = window): FakeHost {
  const raw: unknown[] = [];
  const channel = { postMessage: (message: unknown) => void raw.push(message) };
  const globals = win as unknown as Globals;
  let name: string;
  let reply: FakeHost['reply'];
  let cleanup = () => undefined as void;
  switch (host) {
    case 'webkit':
      name = 'webkit';
      globals[name] = { messageHandlers: { crmWidgets: channel } };
      break;
    case 'android': {
      // WebViewCompat.addWebMessageListener's object: postMessage, plus message events carrying replies.
      name = 'CrmWidgetsAndroid';
      const target = Object.assign(new EventTarget(), { onmessage: null, ...channel });
      globals[name] = target;
      reply = (message) => target.dispatchEvent(new MessageEvent('message', { data: message }));
      break;
    }
    case 'android-legacy':
      name = 'CrmWidgetsAndroid';
      globals[name] = channel;
      break;
    case 'react-native': {
      name = 'ReactNativeWebView';
      globals[name] = channel;
      // The page declares itself a React Native host page (the global alone is not ours).
      const meta = win.document.createElement('meta');
      meta.name = 'crm-bridge';
      meta.content = 'react-native';
      win.document.head.append(meta);
      cleanup = () => meta.remove();
      break;
    }
    case 'flutter':
      name = 'CrmWidgetsFlutter';
      globals[name] = channel;
      break;
  }
  const sent = () => raw.map((message) => JSON.parse(message as string) as Sent);
  return {
    raw,
    sent,
    last: (type) =>
      sent()
        .filter((message) => message.type === type)
        .pop(),
    ...(reply ? { reply } : {}),
    uninstall: () => {
      delete globals[name];
      cleanup();
    },
  };
}

export const nativeHosts: NativeHost[] = ['webkit', 'android', 'android-legacy', 'react-native', 'flutter'];

/** The page-wide default instance's atom (what configure() sets), to reset between tests. */
export const pageCrm = (globalThis as unknown as Record<symbol, WritableAtom<Crm | undefined>>)[
  Symbol.for('crm-widgets.default-instance')
]!;

/** Records console output while `run` runs; answers every argument as text. */
export async function captureConsole(run: () => unknown): Promise<string[]> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods) {
    console[method] = (...args: unknown[]) => {
      lines.push(
        args
          .map((arg) =>
            arg instanceof Error
              ? `${arg.message} ${String(arg.cause)}`
              : typeof arg === 'string'
                ? arg
                : JSON.stringify(arg),
          )
          .join(' '),
      );
    };
  }
  try {
    await run();
  } finally {
    methods.forEach((method, index) => (console[method] = originals[index]!));
  }
  return lines;
}

export const apiUrl = (window as unknown as { __crmTest: { apiUrl: string } }).__crmTest.apiUrl;

/** A short-lived token from the reference API. */
export async function demoToken(): Promise<string> {
  const response = await fetch(`${apiUrl}v1/auth/demo-token`, { method: 'POST', body: '{}' });
  return ((await response.json()) as { token: string }).token;
}
