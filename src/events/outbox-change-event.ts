/** How many writes of an instance are not confirmed by the server yet, by state. */
export interface OutboxCounts {
  /** Kept on the device, waiting for the network (or for the key that unseals them). */
  queued: number;
  /** Being sent now. */
  sending: number;
  /** Refused by the server for good (kept with their text until the user retries or discards them). */
  failed: number;
  /** Edits the server refused because the record changed since (HTTP 412): the user decides. */
  conflicts: number;
}

/**
 * Fired on `document` by an SDK instance with `offline` on whenever its outbox counts change, so a
 * host (or a webview's native side) can show how many changes wait for the network.
 */
export class CrmOutboxChangeEvent extends Event implements OutboxCounts {
  static readonly eventName = 'crm-outbox-change';
  readonly queued: number;
  readonly sending: number;
  readonly failed: number;
  readonly conflicts: number;

  constructor(counts: OutboxCounts) {
    super(CrmOutboxChangeEvent.eventName, { bubbles: true, composed: true });
    this.queued = counts.queued;
    this.sending = counts.sending;
    this.failed = counts.failed;
    this.conflicts = counts.conflicts;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-outbox-change': CrmOutboxChangeEvent;
  }
}
