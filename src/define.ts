// Side-effect entry: registers every element.
import './context/crm-provider.js';
import './components/customer-card/crm-customer-card.js';
