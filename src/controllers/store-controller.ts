import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadableAtom } from 'nanostores';

/**
 * Subscribes its host to one nanostores atom while connected, re-rendering on change. The atom can
 * be swapped (a new `customer-id`), and is dropped on disconnect so its request can be aborted.
 */
export class StoreController<T> implements ReactiveController {
  private store: ReadableAtom<T> | undefined;
  private unsubscribe: (() => void) | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    store?: ReadableAtom<T>,
  ) {
    this.store = store;
    host.addController(this);
  }

  /** The atom's current value, or `undefined` without an atom. */
  get value(): T | undefined {
    return this.store?.get();
  }

  /** Follows another atom (or none). */
  setStore(store: ReadableAtom<T> | undefined): void {
    if (store === this.store) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.store = store;
    if (this.connected) this.subscribe();
  }

  hostConnected(): void {
    this.connected = true;
    this.subscribe();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private subscribe(): void {
    if (!this.store || this.unsubscribe) return;
    let first = true;
    this.unsubscribe = this.store.subscribe(() => {
      // The first call only reports the current value, which `value` already reads.
      if (first) first = false;
      else this.host.requestUpdate();
    });
  }
}
