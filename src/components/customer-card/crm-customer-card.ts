import { defineElement } from '../../core/define-element.js';
import { CrmCustomerCard } from './customer-card.js';

export { CrmCustomerCard };

defineElement('crm-customer-card', CrmCustomerCard);

declare global {
  interface HTMLElementTagNameMap {
    'crm-customer-card': CrmCustomerCard;
  }
}
