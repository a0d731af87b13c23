import { defineElement } from '../../core/define-element.js';
import { CrmContactLog } from './contact-log.js';

export { CrmContactLog };

defineElement('crm-contact-log', CrmContactLog);

declare global {
  interface HTMLElementTagNameMap {
    'crm-contact-log': CrmContactLog;
  }
}
