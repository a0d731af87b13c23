import { defineElement } from '../../core/define-element.js';
import { CrmProvider } from './provider.js';

defineElement('crm-provider', CrmProvider);

declare global {
  interface HTMLElementTagNameMap {
    'crm-provider': CrmProvider;
  }
}
