import { CrmAuthExpiredEvent } from './auth-expired-event.js';
import { CrmCallRequestEvent } from './call-request-event.js';
import { CrmContactAddEvent } from './contact-add-event.js';
import { CrmEmailRequestEvent } from './email-request-event.js';
import { CrmErrorEvent } from './error-event.js';
import { CrmOfflineUnavailableEvent, type OfflineUnavailableReason } from './offline-unavailable-event.js';
import { CrmOrderSelectEvent } from './order-select-event.js';
import { CrmOutboxChangeEvent, type OutboxCounts } from './outbox-change-event.js';

export {
  CrmAuthExpiredEvent,
  CrmCallRequestEvent,
  CrmContactAddEvent,
  CrmEmailRequestEvent,
  CrmErrorEvent,
  CrmOfflineUnavailableEvent,
  CrmOrderSelectEvent,
  CrmOutboxChangeEvent,
  type OfflineUnavailableReason,
  type OutboxCounts,
};

/**
 * Every event an element (or, for the outbox ones, an instance with `offline` on) fires, one class per file. Adding an event is its file plus a line here:
 * the package root exports it and the webview bridge forwards it to native code.
 */
export const eventClasses = [
  CrmCallRequestEvent,
  CrmEmailRequestEvent,
  CrmOrderSelectEvent,
  CrmContactAddEvent,
  CrmErrorEvent,
  CrmAuthExpiredEvent,
  CrmOutboxChangeEvent,
  CrmOfflineUnavailableEvent,
] as const;

/** The names of {@link eventClasses}, `crm-call-request` and so on. */
export type CrmEventName = (typeof eventClasses)[number]['eventName'];
