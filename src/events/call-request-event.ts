/**
 * Fired, cancelable, when the user taps a customer's phone number. A native host (or the page)
 * that dials itself calls `preventDefault()`; otherwise the `tel:` link opens.
 */
export class CrmCallRequestEvent extends Event {
  static readonly eventName = 'crm-call-request';
  readonly customerId: string;
  readonly phone: string;

  constructor(detail: { customerId: string; phone: string }) {
    super(CrmCallRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.customerId = detail.customerId;
    this.phone = detail.phone;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-call-request': CrmCallRequestEvent;
  }
}
