import type { Customer } from '../../api/types.js';

/**
 * A typical customer, laid out invisibly while the real one loads so the card takes the space it
 * will (CrmElement.renderLoading): every row filled, a company, a tier, one line of tags and an
 * email short enough not to wrap on a phone — the common case of the seeded and partner data.
 * Never shown or read out.
 */
export const placeholderCustomer: Customer = {
  id: 'c_0',
  name: 'Placeholder',
  company: 'Company Inc.',
  email: 'name@example.com',
  phone: '+1 555 0100',
  tags: ['retail', 'b2b'],
  tier: 'gold',
  owner: { id: 'u_0', name: 'Account Owner' },
  lifetimeValue: { amount: 1_234_500, currency: 'USD' },
  createdAt: '2020-01-01T00:00:00Z',
  updatedAt: '2020-01-01T00:00:00Z',
  lastContactAt: '2020-01-01T00:00:00Z',
};
