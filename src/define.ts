// Side-effect entry: registers every element.
import './components/provider/crm-provider.js';
import './components/customer-card/crm-customer-card.js';
import './components/contact-log/crm-contact-log.js';
import './components/order-list/crm-order-list.js';
import './components/customer-insights/crm-customer-insights.js';
