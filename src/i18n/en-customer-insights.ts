/** English strings of `<crm-customer-insights>`, which it brings with it (`static englishStrings`); `zh-CN.ts` has the same section. */
export const customerInsightsEn = {
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
};
