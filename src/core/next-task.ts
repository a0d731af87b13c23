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
