/**
 * React wrappers for every element (`crm-widgets/react`), made with `@lit/react`: properties are
 * set on the element (objects and functions too, such as `customer` or a provider's `getToken`),
 * and events arrive through typed `onCrm…` props. The wrappers set properties after React has
 * rendered, on the client, so a server-rendered page (Next.js) keeps them through hydration.
 *
 * The same entry's types add the bare `crm-*` tags to React's JSX (attributes, properties and
 * `oncrm-*` handlers typed with the event classes).
 *
 * @packageDocumentation
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { CrmContactLog } from '../components/contact-log/contact-log.js';
import '../components/contact-log/crm-contact-log.js';
import { CrmCustomerCard } from '../components/customer-card/customer-card.js';
import '../components/customer-card/crm-customer-card.js';
import { CrmCustomerInsights } from '../components/customer-insights/customer-insights.js';
import '../components/customer-insights/crm-customer-insights.js';
import { CrmOrderList } from '../components/order-list/order-list.js';
import '../components/order-list/crm-order-list.js';
import { CrmProvider as CrmProviderElement } from '../components/provider/provider.js';
import '../components/provider/crm-provider.js';
import {
  CrmAuthExpiredEvent,
  CrmCallRequestEvent,
  CrmContactAddEvent,
  CrmEmailRequestEvent,
  CrmErrorEvent,
  CrmOrderSelectEvent,
} from '../events/index.js';

/** `onCrmSomething` for an event class's `crm-something`, typed with the class. */
const on = <T extends Event>(event: { eventName: string; prototype: T }) => event.eventName as EventName<T>;

/** What every data element fires. */
const failures = { onCrmError: on(CrmErrorEvent), onCrmAuthExpired: on(CrmAuthExpiredEvent) };

/** `<crm-provider>`: an SDK instance (`baseUrl`, `getToken`, `locale`, or `crm`) for the elements inside. */
export const CrmProvider = createComponent({ react: React, tagName: 'crm-provider', elementClass: CrmProviderElement });

/** `<crm-customer-card>`. */
export const CustomerCard = createComponent({
  react: React,
  tagName: 'crm-customer-card',
  elementClass: CrmCustomerCard,
  events: { onCrmCallRequest: on(CrmCallRequestEvent), onCrmEmailRequest: on(CrmEmailRequestEvent), ...failures },
});

/** `<crm-order-list>`. */
export const OrderList = createComponent({
  react: React,
  tagName: 'crm-order-list',
  elementClass: CrmOrderList,
  events: { onCrmOrderSelect: on(CrmOrderSelectEvent), ...failures },
});

/** `<crm-contact-log>`. */
export const ContactLog = createComponent({
  react: React,
  tagName: 'crm-contact-log',
  elementClass: CrmContactLog,
  events: { onCrmContactAdd: on(CrmContactAddEvent), ...failures },
});

/** `<crm-customer-insights>`. */
export const CustomerInsights = createComponent({
  react: React,
  tagName: 'crm-customer-insights',
  elementClass: CrmCustomerInsights,
  events: failures,
});
