import type { CrmApiError } from '../api/errors.js';

/**
 * Fired by an element when the API refused even a freshly issued token: the user must sign in
 * again. The SDK does not retry further; the host signs in and the next load uses the new token.
 */
export class CrmAuthExpiredEvent extends Event {
  static readonly eventName = 'crm-auth-expired';
  readonly error: CrmApiError;

  constructor(error: CrmApiError) {
    super(CrmAuthExpiredEvent.eventName, { bubbles: true, composed: true });
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-auth-expired': CrmAuthExpiredEvent;
  }
}
