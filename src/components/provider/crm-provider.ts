import { defineElement } from '../../core/define-element.js';
import { CrmProvider } from './provider.js';

export { CrmProvider };

defineElement('crm-provider', CrmProvider);

declare global {
  interface HTMLElementTagNameMap {
    'crm-provider': CrmProvider;
  }
}
