import { createContext } from '@lit/context';
import type { Crm } from '../stores/crm.js';

/**
 * The SDK instance a `<crm-provider>` gives its subtree; `null` while the provider has none yet
 * (no `getToken`, bad `base-url`), so its elements wait instead of using the page default. A
 * registered symbol, so two copies of the SDK on one page find each other's providers.
 */
export const crmContext = createContext<Crm | null>(Symbol.for('crm-widgets.crm'));
