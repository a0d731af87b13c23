import { plural } from './format.js';

/** English strings: the typed source every other locale must match. */
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
    // A Map, not an object literal: a tier such as `constructor` must not find Object's own members.
    tier: (tier: string) =>
      new Map([
        ['bronze', 'Bronze'],
        ['silver', 'Silver'],
        ['gold', 'Gold'],
        ['platinum', 'Platinum'],
      ]).get(tier) ?? tier,
    edit: 'Edit',
    editCustomer: (name: string) => `Edit ${name}`,
    editHeading: 'Edit customer',
    name: 'Name',
    tagsHint: 'Separate tags with commas.',
    save: 'Save',
    saving: 'Saving…',
    cancel: 'Cancel',
    saved: 'Saved',
    problems: {
      required: 'Enter a name.',
      tooLong: (max: number) => `Use at most ${max.toLocaleString('en')} characters.`,
      email: 'Enter an email address such as name@example.com, or leave it empty.',
      phone: 'Enter a phone number: 3 to 40 digits, spaces and ( ) - . with an optional leading +, or leave it empty.',
      tooManyTags: (max: number) => `Use at most ${max.toLocaleString('en')} tags.`,
      tagTooLong: (max: number) => `Each tag can have at most ${max.toLocaleString('en')} characters.`,
      server: 'The CRM did not accept this value.',
    },
    conflictHeading: 'Someone else changed this customer',
    conflictBody: 'Your changes are not saved yet. Here is what you entered and what is on the CRM now.',
    conflictAnnounced: 'Not saved: someone else changed this customer in the meantime.',
    /** A change that waited on the device reached the server. */
    queuedSent: 'Your saved changes were sent',
    /** A change that waited on the device was refused by the server (the form shows why). */
    queuedRefused: 'Not saved: the CRM did not accept the changes you saved on this device.',
    yours: 'Yours:',
    onServer: 'Now on the server:',
    emptyValue: '(empty)',
    reapply: 'Re-apply my changes',
    discard: 'Discard my changes',
  },
  orderList: {
    label: 'Orders',
    loading: 'Loading orders…',
    loadingMore: 'Loading more orders…',
    filter: 'Status',
    allStatuses: 'All',
    status: (status: string) =>
      new Map([
        ['pending', 'Pending'],
        ['paid', 'Paid'],
        ['shipped', 'Shipped'],
        ['delivered', 'Delivered'],
        ['cancelled', 'Cancelled'],
        ['refunded', 'Refunded'],
      ]).get(status) ?? status,
    itemCount: (count: number) => (count === 1 ? '1 item' : `${count.toLocaleString('en')} items`),
    itemsOf: (number: string) => `Items of order ${number}`,
    quantityTimes: (quantity: number, price: string) => `${quantity.toLocaleString('en')} × ${price}`,
    sku: (sku: string) => `SKU ${sku}`,
    total: 'Total',
    empty: 'No orders yet',
    emptyFor: (statusLabel: string) => `No ${statusLabel.toLowerCase()} orders`,
    loaded: (count: number) => (count === 1 ? '1 order loaded' : `${count.toLocaleString('en')} orders loaded`),
    loadedMore: (count: number) =>
      count === 1 ? 'Loaded 1 more order' : `Loaded ${count.toLocaleString('en')} more orders`,
    loadMore: 'Load more',
  },
  contactLog: {
    title: 'Contact history',
    loading: 'Loading contact history…',
    empty: 'No contact yet',
    today: 'Today',
    yesterday: 'Yesterday',
    unknownDay: 'Date unknown',
    // A Map, not an object literal: a channel such as `constructor` must not find Object's own members.
    channel: (channel: string) =>
      new Map([
        ['call', 'Call'],
        ['email', 'Email'],
        ['meeting', 'Meeting'],
        ['chat', 'Chat'],
        ['sms', 'SMS'],
        ['note', 'Note'],
      ]).get(channel) ?? channel,
    direction: (direction: 'inbound' | 'outbound', _channel: string): string =>
      direction === 'inbound' ? 'Inbound' : 'Outbound',
    you: 'You',
    sending: 'Sending…',
    notSent: (reason: string) => `Not sent. ${reason}`,
    resend: 'Retry',
    discard: 'Discard',
    showMore: 'Show more',
    showLess: 'Show less',
    loadMore: 'Load older entries',
    loadingMore: 'Loading older entries…',
    loadedMore: (count: number) => (count === 1 ? '1 older entry loaded' : `${count} older entries loaded`),
    addEntry: 'Add entry',
    form: 'New contact entry',
    channelLabel: 'Channel',
    directionLabel: 'Direction',
    /** A direction as a form option; `''` is "none given". */
    directionOption: (direction: '' | 'inbound' | 'outbound'): string =>
      direction ? (direction === 'inbound' ? 'Inbound' : 'Outbound') : 'None',
    subjectLabel: 'Subject (optional)',
    bodyLabel: 'What happened',
    bodyHint: (max: string) => `Up to ${max} characters.`,
    submit: 'Add to log',
    close: 'Close',
    bodyRequired: 'Write what happened before adding the entry.',
    tooLong: (max: string, length: string) => `Keep it to ${max} characters (now ${length}).`,
    added: 'Entry added',
    failed: 'Entry could not be sent',
    discarded: 'Entry discarded',
    /** Entries that waited on the device reached the server. */
    queuedSent: (count: number) =>
      plural(count, 'en', { one: 'Saved entry sent', other: `${count.toLocaleString('en')} saved entries sent` }),
  },
  customerInsights: {
    label: 'Customer insights',
    loading: 'Loading insights…',
    updated: (when: string) => `Updated ${when}`,
    refreshed: 'Customer insights updated',
    segmentTitle: 'Segment',
    // A Map, not an object literal: a key such as `constructor` must not find Object's own members.
    segment: (key: string) =>
      new Map([
        ['champions', 'Champions'],
        ['loyal', 'Loyal'],
        ['promising', 'Promising'],
        ['new', 'New'],
        ['at-risk', 'At risk'],
        ['hibernating', 'Hibernating'],
        ['other', 'No clear segment'],
      ]).get(key) ?? key,
    /** What a segment's name promises, in one line: the server only gives a name whose rule the customer meets. */
    segmentMeaning: (key: string) =>
      new Map([
        ['champions', 'Ordered in the last 60 days and at least 6 times in the last year.'],
        ['loyal', 'At least 4 orders in the last year, the latest in the last 120 days.'],
        ['promising', 'Ordered in the last 90 days, and more than once so far.'],
        ['new', 'A customer for 180 days or less, with an order in the last 90 days.'],
        ['at-risk', 'At least 3 orders so far, but none in the last 90 days.'],
        ['hibernating', 'No order for more than 180 days.'],
        ['other', 'Their figures match none of the named segments clearly.'],
      ]).get(key) ?? '',
    segmentSize: (size: number) =>
      size === 1 ? 'The only customer in this segment' : `1 of ${size.toLocaleString('en')} customers in this segment`,
    noOrders: 'No orders yet',
    lastOrder: 'Last order',
    daysAgo: (days: number) => (days < 1 ? 'Today' : days < 2 ? 'Yesterday' : `${days.toLocaleString('en')} days ago`),
    ordersInYear: 'Orders in the last year',
    spent: 'Spent',
    nextOrderTitle: 'Next order',
    expected: 'Expected',
    amount: 'Amount',
    likely: (range: string) => `likely ${range}`,
    range: (low: string, high: string) => `${low} – ${high}`,
    basedOn: (orders: number) => `Based on ${orders.toLocaleString('en')} orders`,
    notEnoughHistory: (orders: number) =>
      `Not enough order history yet (${orders.toLocaleString('en')} ${orders === 1 ? 'order' : 'orders'}; 3 needed)`,
    nextOrderOn: (date: string) => `Next order around ${date}`,
    overdue: 'Overdue',
    churnTitle: 'Churn risk',
    level: (level: string) =>
      new Map([
        ['low', 'Low'],
        ['medium', 'Medium'],
        ['high', 'High'],
      ]).get(level) ?? level,
    /** `word` is the level as `level()` says it. */
    levelRisk: (word: string) => `${word} churn risk`,
    /** What the churn meter reads out: the level and the probability. */
    meterText: (risk: string, probability: string) => `${risk}, ${probability}`,
    probability: (percent: string) => `${percent} likely to stop ordering`,
    reasons: 'Why',
    noChurn: 'Not enough customers to estimate churn',
    /** One test on the churn tree's decision path, as a sentence: `value` and `threshold` come formatted, `count` is `value` as a number (plurals). */
    churnReason: (feature: string, op: 'lte' | 'gt', value: string, threshold: string, count: number): string => {
      const s = count === 1 ? '' : 's';
      const subject =
        new Map([
          ['recencyDays', op === 'gt' ? `No order for ${value} day${s}` : `Last order ${value} day${s} ago`],
          ['frequency', `${value} order${s} in the last year`],
          ['monetary', `${value} spent`],
          ['tenureDays', `Customer for ${value} day${s}`],
          ['refunds', `${value} refunded order${s}`],
          ['cancellations', `${value} cancelled order${s}`],
          ['contactsCall', `${value} call${s}`],
          ['contactsEmail', `${value} email${s}`],
          ['contactsMeeting', `${value} meeting${s}`],
          ['contactsChat', `${value} chat${s}`],
          ['contactsSms', `${value} text message${s}`],
          ['contactsNote', `${value} note${s}`],
        ]).get(feature) ?? `${feature}: ${value}`;
      return `${subject} (${op === 'gt' ? `more than ${threshold}` : `${threshold} or ${feature === 'monetary' ? 'less' : 'fewer'}`})`;
    },
    /** Two tests on one feature, merged: the customer's value lies from `low` to `high` (both formatted, inclusive; equal when one value is left). `count` is the value for plurals. */
    churnReasonRange: (feature: string, low: string, high: string, count: number): string => {
      const range = low === high ? low : `${low}–${high}`;
      const s = low === high && count === 1 ? '' : 's';
      return (
        new Map([
          ['recencyDays', `Last order ${range} day${s} ago`],
          ['frequency', `${range} order${s} in the last year`],
          ['monetary', `${range} spent`],
          ['tenureDays', `Customer for ${range} day${s}`],
          ['refunds', `${range} refunded order${s}`],
          ['cancellations', `${range} cancelled order${s}`],
          ['contactsCall', `${range} call${s}`],
          ['contactsEmail', `${range} email${s}`],
          ['contactsMeeting', `${range} meeting${s}`],
          ['contactsChat', `${range} chat${s}`],
          ['contactsSms', `${range} text message${s}`],
          ['contactsNote', `${range} note${s}`],
        ]).get(feature) ?? `${feature}: ${range}`
      );
    },
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
  hostPage: {
    waiting: 'Waiting for the app…',
    offline: 'You are offline. Showing what was loaded; it updates when you are back online.',
    backOnline: 'Back online.',
    /** Offline, with `count` changes kept on the device until the network is back. */
    offlineWaiting: (count: number) =>
      plural(count, 'en', {
        one: 'Offline — 1 change will be sent when you are back online.',
        other: `Offline — ${count.toLocaleString('en')} changes will be sent when you are back online.`,
      }),
  },
};

export type Strings = typeof en;
