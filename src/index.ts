/**
 * crm-widgets: embeddable CRM web components.
 *
 * This entry has no side effects: it exports the classes, types and functions. Import
 * `crm-widgets` (or `crm-widgets/define.js`) to register every element, or one element's entry
 * (`crm-widgets/customer-card.js`).
 *
 * @packageDocumentation
 */
export {
  configure,
  createCrm,
  $defaultCrm,
  type Crm,
  type CrmOptions,
  type ContactLogEntry,
  type EditResolution,
  type OfflineMode,
  type OfflineOptions,
  type PendingEdit,
} from './stores/crm.js';
export { CrmApiError, isCrmApiError, type CrmApiErrorKind, type CrmApiErrorInit } from './api/errors.js';
export { SchemaIssue, type Schema } from './api/validate.js';
export type {
  ApiClient,
  ApiClientOptions,
  ApiResponse,
  NotModified,
  RequestOptions,
  TokenProvider,
  TokenRequest,
} from './api/client.js';
export type {
  ContactChannel,
  ContactEntry,
  Customer,
  CustomerPatch,
  Money,
  NewContactEntry,
  Order,
  OrderItem,
  OrderStatus,
  Page,
  UserRef,
  ChurnFeature,
  ChurnReason,
  ChurnRisk,
  CustomerInsights,
  CustomerSegment,
  NextOrderForecast,
  SegmentKey,
} from './api/types.js';
export type { ResourceState, Versioned } from './stores/resource.js';
export type { PagedState } from './stores/paged.js';
export type { CrmChange, LiveStatus } from './stores/live.js';
export type { PlatformSignals } from './stores/signals.js';
export { CrmElement } from './components/crm-element.js';
export {
  CustomerDataController,
  type CustomerDataHost,
  type CustomerDataOptions,
  type CustomerDataRenderers,
  type LoadState,
} from './components/customer-data-controller.js';
export { CrmCustomerCard } from './components/customer-card/customer-card.js';
export { CrmContactLog } from './components/contact-log/contact-log.js';
export { CrmOrderList } from './components/order-list/order-list.js';
export { CrmCustomerInsights } from './components/customer-insights/customer-insights.js';
export { CrmProvider } from './components/provider/provider.js';
export { crmContext } from './context/crm-context.js';
export * from './events/index.js';
export { resolveLocale, type SupportedLocale, type Strings, type EnglishSections } from './i18n/index.js';
export {
  startBridge,
  createBridge,
  type CrmBridge,
  type BridgeOptions,
  type BridgeState,
  type BridgeHost,
  type BridgeConfig,
  type BridgeTheme,
} from './bridge/index.js';
export { version } from './version.js';
