import { defineElement } from '../../core/define-element.js';
import { CrmContactLog } from './contact-log.js';

defineElement('crm-contact-log', CrmContactLog);

declare global {
  interface HTMLElementTagNameMap {
    'crm-contact-log': CrmContactLog;
  }
}
