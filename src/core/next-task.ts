/**
 * Resolves in a task of its own, after the microtasks queued before it (a message: unlike a timer,
 * it is not throttled in a background page). Used to let a request leave before costly work.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * Resolves in the page's next animation frame, before that frame is laid out and painted: work
 * done then is shown in that frame, with whatever arrived meanwhile. In a task of its own while the
 * page is hidden (it has no frames), and after 100 ms at most (a frame that never comes).
 */
export function beforeNextFrame(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') return nextTask();
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      resolve();
    });
  });
}

/**
 * Resolves in the task after the page's next frame (or after 500 ms if no frame comes: a page
 * hidden or without `requestAnimationFrame`). The live stream is not what a page shows first: its
 * request, its connection and the work of opening it wait until the elements' first paint.
 */
export function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 500);
    globalThis.requestAnimationFrame?.(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }),
    );
  });
}
