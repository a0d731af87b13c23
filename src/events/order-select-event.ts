import type { Order } from '../api/types.js';

/**
 * Fired when the user selects an order in `<crm-order-list>` (its order number). A host opens the
 * order's own page or screen; a native app gets it through the bridge.
 */
export class CrmOrderSelectEvent extends Event {
  static readonly eventName = 'crm-order-select';
  readonly customerId: string;
  readonly order: Order;

  constructor(detail: { customerId: string; order: Order }) {
    super(CrmOrderSelectEvent.eventName, { bubbles: true, composed: true });
    this.customerId = detail.customerId;
    this.order = detail.order;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'crm-order-select': CrmOrderSelectEvent;
  }
}
