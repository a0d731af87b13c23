import type { CustomerInsights } from '../../api/types.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/**
 * Typical insights, laid out invisibly while the real ones load so the element takes the space it
 * will (CrmElement.renderLoading): a segment, a forecast and a churn risk with three reasons — the
 * common case for a customer with orders. Never shown or read out.
 */
export const placeholderInsights: CustomerInsights = {
  customerId: 'c_0',
  segment: {
    key: 'loyal',
    label: { en: '', 'zh-CN': '' },
    size: 500,
    recencyDays: 30,
    frequency: 5,
    monetary: usd(500_000),
  },
  nextOrder: {
    status: 'forecast',
    expectedDate: '2099-01-01',
    dateInterval: { from: '2098-12-01', to: '2099-02-01' },
    amount: usd(50_000),
    amountInterval: { low: usd(30_000), high: usd(70_000) },
    basedOnOrders: 5,
  },
  churnRisk: {
    probability: 0.3,
    level: 'medium',
    reasons: [
      { feature: 'recencyDays', op: 'gt', threshold: 60, value: 90 },
      { feature: 'frequency', op: 'lte', threshold: 3, value: 2 },
      { feature: 'tenureDays', op: 'gt', threshold: 300, value: 900 },
    ],
  },
  computedAt: '2020-01-01T00:00:00Z',
};
