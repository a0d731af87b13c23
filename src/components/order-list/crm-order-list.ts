import { defineElement } from '../../core/define-element.js';
import { CrmOrderList } from './order-list.js';

export { CrmOrderList };

defineElement('crm-order-list', CrmOrderList);

declare global {
  interface HTMLElementTagNameMap {
    'crm-order-list': CrmOrderList;
  }
}
