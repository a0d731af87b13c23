// Each marked line is a mistake the types must catch (test/tooling/framework-types.test.ts).
import { CustomerCard, OrderList } from 'crm-widgets/react';

export const wrong = (
  <>
    <CustomerCard customerId={1042} /> {/* wrong: prop type */}
    <OrderList customerId="c_1042" status="lost" /> {/* wrong: status */}
    <CustomerCard customerId="c_1042" onCrmCallRequest={(event) => event.number} /> {/* wrong: event field */}
    <crm-customer-card customer-id={1042} /> {/* wrong: prop type */}
    <crm-order-list customer-id="c_1042" status="lost" /> {/* wrong: status */}
    <crm-customer-card oncrm-call-request={(event) => event.number} /> {/* wrong: event field */}
  </>
);
