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
  private current: T | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    store?: ReadableAtom<T>,
  ) {
    this.store = store;
    host.addController(this);
  }

  /**
   * The atom's value as last reported to this controller; `undefined` without an atom or while
   * disconnected. (Never `store.get()`: on an unmounted atom that mounts it, starting a load.)
   */
  get value(): T | undefined {
    return this.unsubscribe ? this.current : undefined;
  }

  /** Follows another atom (or none). */
  setStore(store: ReadableAtom<T> | undefined): void {
    if (store === this.store) return;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.current = undefined;
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
    this.unsubscribe = this.store.subscribe((value) => {
      this.current = value;
      // The first call reports the value at subscription, during the host's own update.
      if (first) first = false;
      else this.host.requestUpdate();
    });
  }
}
