import { defineElement } from '../../core/define-element.js';
import { CrmCustomerInsights } from './customer-insights.js';

export { CrmCustomerInsights };

defineElement('crm-customer-insights', CrmCustomerInsights);

declare global {
  interface HTMLElementTagNameMap {
    'crm-customer-insights': CrmCustomerInsights;
  }
}
