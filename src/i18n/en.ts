/** English strings: the typed source every other locale must match. */
export const en = {
  common: {
    missingId: 'No customer id was given.',
    invalidId: (id: string) => `“${id}” is not a valid customer id.`,
    notConfigured: 'Customer data is not available: the page has not configured crm-widgets.',
  },
  customerCard: {
    label: 'Customer',
    loading: 'Loading customer…',
    tags: 'Tags',
    email: 'Email',
    phone: 'Phone',
    lifetimeValue: 'Lifetime value',
    customerSince: 'Customer since',
    lastContact: 'Last contact',
    noContactYet: 'No contact yet',
    owner: 'Owner',
    tier: (tier: string) => ({ bronze: 'Bronze', silver: 'Silver', gold: 'Gold', platinum: 'Platinum' })[tier] ?? tier,
  },
  errors: {
    notFound: 'This customer does not exist, or you have no access to it.',
    auth: 'Your sign-in has expired. Sign in again to see this customer.',
    network: 'The CRM could not be reached. Check the connection and try again.',
    timeout: 'The CRM took too long to answer.',
    validation: 'The CRM sent data this page cannot show.',
    conflict: 'Someone else changed this record in the meantime.',
    server: 'The CRM could not answer this request.',
    retry: 'Try again',
  },
};

export type Strings = typeof en;
