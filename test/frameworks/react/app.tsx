// A strict React 19 app using the wrappers and the bare tags: it must type-check as it is.
import { useState } from 'react';
import type { Customer } from 'crm-widgets';
import { ContactLog, CrmProvider, CustomerCard, CustomerInsights, OrderList } from 'crm-widgets/react';

export function App({ customer }: { customer: Customer }) {
  const [said, say] = useState('');
  return (
    <CrmProvider baseUrl="https://crm.example.com/" getToken={async () => 'token'} locale="zh-CN">
      <CustomerCard customerId="c_1042" onCrmCallRequest={(event) => say(event.phone)} insights />
      <CustomerCard customer={customer} compact onCrmEmailRequest={(event) => say(event.email)} />
      <OrderList customerId="c_1042" status="paid" onCrmOrderSelect={(event) => say(event.order.number)} />
      <ContactLog customerId="c_1042" onCrmContactAdd={(event) => say(event.entry.body)} />
      <CustomerInsights customerId="c_1042" compact onCrmError={(event) => say(event.error.kind)} />
      <crm-customer-card customer-id="c_1042" oncrm-call-request={(event) => say(event.phone)} />
      <crm-customer-card customer={customer} readonly theme="dark" />
      <crm-order-list customer-id="c_1042" status="shipped" oncrm-order-select={(event) => say(event.customerId)} />
      <crm-contact-log customerId="c_1042" oncrm-error={(event) => say(event.error.message)} />
      <crm-customer-insights customer-id="c_1042" compact />
      <p>{said}</p>
    </CrmProvider>
  );
}
