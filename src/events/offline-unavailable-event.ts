/**
 * Why the device cannot keep an instance's data: no IndexedDB (`missing`), opening it was blocked
 * (`blocked`: private browsing, a policy, another tab holding an old version), the storage is full
 * (`quota`), or any other storage error (`error`).
 */
export type OfflineUnavailableReason = 'missing' | 'blocked' | 'quota' | 'error';

/**
 * Fired on `document`, once per SDK instance, when `offline` was asked for but the device cannot
 * store data: the instance keeps working in memory (nothing survives a reload).
 */
export class CrmOfflineUnavailableEvent extends Event {
  static readonly eventName = 'crm-offline-unavailable';
  readonly reason: OfflineUnavailableReason;

  constructor(detail: { reason: OfflineUnavailableReason }) {
    super(CrmOfflineUnavailableEvent.eventName, { bubbles: true, composed: true });
    this.reason = detail.reason;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-offline-unavailable': CrmOfflineUnavailableEvent;
  }
}
