// The virtualizer's public way to replace its ResizeObserver (made for polyfills).
import { provideResizeObserver } from '@lit-labs/virtualizer/polyfillLoaders/ResizeObserver.js';

/**
 * A ResizeObserver whose notifications arrive in a task of their own, batched. The virtualizer
 * measures rows in its callbacks and resizes the list at once, which browsers then report on the
 * window as an error ("ResizeObserver loop completed with undelivered notifications") — noise in a
 * host's error monitoring, which Angular's default handler logs as an ERROR. In a later task, the
 * resize is a new observation instead of a loop. (Not the next animation frame: WPE WebKit 2.38
 * then left a scrolled list without rows.)
 */
function taskResizeObserver(): typeof ResizeObserver {
  return class TaskResizeObserver extends ResizeObserver {
    constructor(callback: ResizeObserverCallback) {
      let waiting: ResizeObserverEntry[] = [];
      super((entries, observer) => {
        if (waiting.push(...entries) > entries.length) return;
        setTimeout(() => {
          const batch = waiting;
          waiting = [];
          callback(batch, observer);
        });
      });
    }
  };
}

let provided = false;

/** Gives the virtualizer the task-delayed observer, once; where there is no ResizeObserver (Node), nothing. */
export function quietVirtualizerResizes(): void {
  if (provided || typeof ResizeObserver !== 'function') return;
  provideResizeObserver(taskResizeObserver());
  provided = true;
}
