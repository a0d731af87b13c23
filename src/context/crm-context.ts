import { createContext } from '@lit/context';
import type { Crm } from '../crm.js';

/** The SDK instance a `<crm-provider>` gives its subtree. */
export const crmContext = createContext<Crm | undefined>(Symbol('crm-widgets.crm'));
