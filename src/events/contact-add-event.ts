import type { ContactEntry } from '../api/types.js';

/**
 * Fired by `<crm-contact-log>` when the server confirmed an entry written in its form (or sent
 * again with Retry): `entry` is the saved entry, with its id and author.
 */
export class CrmContactAddEvent extends Event {
  static readonly eventName = 'crm-contact-add';
  readonly customerId: string;
  readonly entry: ContactEntry;

  constructor(detail: { customerId: string; entry: ContactEntry }) {
    super(CrmContactAddEvent.eventName, { bubbles: true, composed: true });
    this.customerId = detail.customerId;
    this.entry = detail.entry;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-contact-add': CrmContactAddEvent;
  }
}
