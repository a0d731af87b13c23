import { atom } from 'nanostores';
import { afterNextFrame } from '../core/next-task.js';
import type { LiveStatus, LiveStream, LiveStreamOptions } from './live.js';

/**
 * The live stream, its code loaded after the page's next frame once the first element retains it (a
 * chunk of its own for bundlers, a part run then in the classic script): the stream opens only
 * after the elements' first paint, so its code need not be fetched or run before it either. Until
 * the code is here, the stream is `idle`.
 */
export function deferredLiveStream(options: LiveStreamOptions): LiveStream {
  const $status = atom<LiveStatus>('idle');
  let users = 0;
  let stream: LiveStream | undefined;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= afterNextFrame()
      .then(() => import('./live.js'))
      .then(
        ({ createLiveStream }) => {
          stream = createLiveStream(options);
          stream.$status.subscribe((status) => $status.set(status));
          for (let user = 0; user < users; user++) stream.retain();
        },
        // The code failed to arrive (a chunk the network lost): tried again on the next retain.
        () => void (loading = undefined),
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
