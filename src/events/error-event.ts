import type { CrmApiError } from '../api/errors.js';

/** Fired by an element when a load fails; `error` says what went wrong. */
export class CrmErrorEvent extends Event {
  static readonly eventName = 'crm-error';
  readonly error: CrmApiError;

  constructor(error: CrmApiError) {
    super(CrmErrorEvent.eventName, { bubbles: true, composed: true });
    this.error = error;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-error': CrmErrorEvent;
  }
}
