/**
 * The English strings every element uses. Each element's own section is in `en-<element>.ts`, which
 * the element brings with it, so an app ships only the sections of the elements it imports.
 */
export const en = {
  common: {
    missingId: 'No customer id was given.',
    invalidId: (id: string) => `“${id}” is not a valid customer id.`,
    notConfigured: 'Customer data is not available: the page has not configured crm-widgets.',
    /** What is shown came from the device and the network has not confirmed it since; `when` is formatted. */
    asOf: (when: string) => `As of ${when}`,
    /** A change kept on the device (offline on) until the network is back. */
    queued: 'Saved on this device — sends when you are online',
    /** Offline was asked for, but the device cannot store anything: shown once per page, in a form. */
    memoryOnly: 'This device cannot keep your changes: anything not sent yet is lost if this page closes.',
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
    offline: 'Offline. This will load when the connection is back.',
  },
};
