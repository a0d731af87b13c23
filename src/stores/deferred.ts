import { atom } from 'nanostores';
import { afterNextFrame } from '../core/next-task.js';
import type { createLiveStream, LiveStatus, LiveStream, LiveStreamOptions } from './live.js';

/** Brings the stream's code; a test passes one that fails. */
type LiveCode = () => Promise<{ createLiveStream: typeof createLiveStream }>;

/**
 * The live stream, its code loaded after the page's next frame once the first element retains it (a
 * chunk of its own for bundlers, a part run then in the classic script). That frame is the stream's
 * one wait for the elements' first paint: it connects as soon as its code is here, so neither the
 * code nor the connection comes before that paint. (A page loaded hidden has no frames: the code
 * comes after the 500 ms fallback, and the stream connects as the page is shown, before its first
 * frame then.) Until the code is here, the stream is `idle`.
 */
export function deferredLiveStream(options: LiveStreamOptions, code: LiveCode = () => import('./live.js')): LiveStream {
  const $status = atom<LiveStatus>('idle');
  let users = 0;
  let stream: LiveStream | undefined;
  let loading: Promise<void> | undefined;
  let stopWaiting: (() => void) | undefined;
  /** Once the device is back online, loads the code again if an element still wants the stream (one wait at a time). */
  const retryWhenOnline = () => {
    stopWaiting ??= options.signals.$online.listen((online) => {
      if (!online) return;
      stopWaiting?.();
      stopWaiting = undefined;
      if (users > 0 && !stream) void load();
    });
  };
  const load = (): Promise<void> =>
    (loading ??= afterNextFrame()
      .then(code)
      .then(
        ({ createLiveStream }) => {
          stream = createLiveStream(options);
          stream.$status.subscribe((status) => $status.set(status));
          for (let user = 0; user < users; user++) stream.retain();
        },
        // The code failed to arrive (a chunk the network lost): tried again on the next retain, or
        // once the device is back online while an element still wants the stream.
        () => {
          loading = undefined;
          retryWhenOnline();
        },
      ));
  return {
    $status,
    retain() {
      users += 1;
      if (stream) stream.retain();
      else void load();
    },
    release() {
      users = Math.max(0, users - 1);
      stream?.release();
    },
  };
}
