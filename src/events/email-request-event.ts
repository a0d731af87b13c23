/**
 * Fired, cancelable, when the user taps a customer's email address. A host that composes mail
 * itself calls `preventDefault()`; otherwise the `mailto:` link opens.
 */
export class CrmEmailRequestEvent extends Event {
  static readonly eventName = 'crm-email-request';
  readonly customerId: string;
  readonly email: string;

  constructor(detail: { customerId: string; email: string }) {
    super(CrmEmailRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.customerId = detail.customerId;
    this.email = detail.email;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-email-request': CrmEmailRequestEvent;
  }
}
