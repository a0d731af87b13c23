import { createSseParser } from './sse.js';
import { atom, type ReadableAtom } from 'nanostores';
import type { ApiClient } from '../api/client.js';
import type { PlatformSignals } from './signals.js';

/** A change announced by `/v1/events`. */
export interface CrmChange {
  type: 'customer.updated' | 'order.created' | 'order.updated' | 'contact.created';
  /** The changed resource's id. */
  id: string;
  customerId: string;
}

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'paused' | 'retrying';

const eventTypes = new Set(['customer.updated', 'order.created', 'order.updated', 'contact.created']);

export interface LiveStream {
  readonly $status: ReadableAtom<LiveStatus>;
  /** One more user (a mounted store); the stream runs while there is at least one. */
  retain(): void;
  release(): void;
}

export interface LiveStreamOptions {
  api: ApiClient;
  signals: PlatformSignals;
  onChange(change: CrmChange): void;
  /** After a gap (reconnect, page visible again, back online): revalidate everything shown. */
  onResume(): void;
  /** Milliseconds before the first reconnect (doubles to `maxDelay`); 1000 by default. */
  baseDelay?: number;
  maxDelay?: number;
  /**
   * Milliseconds without a byte before the stream counts as dead and reconnects; 45 000 by default,
   * three of the heartbeats the API sends every 15 s. A connection whose other end vanished without
   * closing it (a server killed behind a proxy, a phone moving between networks) otherwise stays
   * "open" and silent for good.
   */
  silenceLimit?: number;
}

/** Hands each well-formed change event of the stream to `onChange`; skips anything else. */
function changesTo(onChange: (change: CrmChange) => void) {
  return (message: { event: string; data: string }) => {
    if (!eventTypes.has(message.event)) return;
    try {
      const data = JSON.parse(message.data) as { id?: unknown; customerId?: unknown };
      if (typeof data.id !== 'string' || typeof data.customerId !== 'string') return;
      onChange({ type: message.event as CrmChange['type'], id: data.id, customerId: data.customerId });
    } catch {
      // A malformed event is skipped, never thrown into the page.
    }
  };
}

/** Calls `onSilence` once `limit` ms pass without `heard()`; `stop()` ends the watch. */
function silenceWatchdog(limit: number, onSilence: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const heard = () => {
    clearTimeout(timer);
    timer = setTimeout(onSilence, limit);
  };
  heard();
  return { heard, stop: () => clearTimeout(timer) };
}

/**
 * One `/v1/events` stream per SDK instance, read with fetch so the token stays in the
 * `Authorization` header. It runs while some element shows data, pauses while the page is hidden
 * or offline, and reconnects with backoff and `Last-Event-ID`, so missed events are replayed.
 * It connects as soon as it is retained: keeping the connection out of the elements' first paint is
 * its caller's part (`deferredLiveStream` makes it only after the page's next frame).
 */
export function createLiveStream(options: LiveStreamOptions): LiveStream {
  const { api, signals } = options;
  const baseDelay = options.baseDelay ?? 1000;
  const maxDelay = options.maxDelay ?? 30_000;
  const silenceLimit = options.silenceLimit ?? 45_000;
  const $status = atom<LiveStatus>('idle');
  let users = 0;
  let lastEventId: string | undefined;
  let controller: AbortController | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let wasInterrupted = false;

  const wanted = () => users > 0 && signals.$visible.get() && signals.$online.get();

  function stop(status: LiveStatus) {
    controller?.abort();
    controller = undefined;
    // WebKit 2.38 does not end a body being read when its fetch is aborted: cancel the reader too,
    // or the connection stays open (and counts against the browser's per-host limit).
    void reader?.cancel().catch(() => undefined);
    reader = undefined;
    if (timer) clearTimeout(timer);
    timer = undefined;
    $status.set(status);
  }

  function schedule() {
    const delay = Math.min(maxDelay, baseDelay * 2 ** failures) * (0.5 + Math.random() / 2);
    failures += 1;
    $status.set('retrying');
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
  }

  async function connect() {
    if (!wanted() || controller) return;
    const current = new AbortController();
    controller = current;
    let watchdog: ReturnType<typeof silenceWatchdog> | undefined;
    $status.set('connecting');
    try {
      const response = await api.stream('v1/events', {
        signal: current.signal,
        ...(lastEventId ? { headers: { 'Last-Event-ID': lastEventId } } : {}),
      });
      if (!response.body) throw new Error('no body');
      $status.set('open');
      failures = 0;
      if (wasInterrupted) {
        wasInterrupted = false;
        options.onResume();
      }
      const parser = createSseParser(changesTo(options.onChange), lastEventId);
      // A plain reader, the parser decoding the bytes, rather than pipeThrough(TextDecoderStream):
      // WebKit 2.38 leaves the pipe's promise rejected and unhandled when the request is aborted.
      const streamReader = response.body.getReader();
      reader = streamReader;
      if (current.signal.aborted) void streamReader.cancel().catch(() => undefined);
      watchdog = silenceWatchdog(silenceLimit, () => void streamReader.cancel().catch(() => undefined));
      for (;;) {
        const { value, done } = await streamReader.read().finally(watchdog.heard);
        if (done) break;
        parser.feed(value);
        // Also after a block with an id and no data, and reset by an empty id, as the standard says.
        lastEventId = parser.lastEventId;
      }
    } catch {
      // Aborted on purpose, or the connection failed: both end up below.
    }
    watchdog?.stop();
    if (controller !== current) return;
    controller = undefined;
    if (current.signal.aborted) return;
    // The server closed the stream or it failed: reconnect, and catch up when it is back.
    wasInterrupted = true;
    if (wanted()) schedule();
    else $status.set(users > 0 ? 'paused' : 'idle');
  }

  function update() {
    if (wanted()) {
      if (!controller && !timer) {
        if ($status.get() === 'paused') wasInterrupted = true;
        void connect();
      }
    } else if (controller || timer || $status.get() !== 'idle') {
      if (controller) wasInterrupted = true;
      stop(users > 0 ? 'paused' : 'idle');
    }
  }

  signals.$visible.listen(update);
  signals.$online.listen(update);

  return {
    $status,
    retain() {
      users += 1;
      update();
    },
    release() {
      users = Math.max(0, users - 1);
      update();
    },
  };
}
