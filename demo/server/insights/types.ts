// The server's mirror of the `CustomerInsights` contract in src/api/types.ts (the server does not
// import the SDK's sources, as customers.ts and orders.ts mirror `Customer` and `Order`).
import type { Money } from '../orders.js';

export type SegmentKey = 'champions' | 'loyal' | 'promising' | 'new' | 'at-risk' | 'hibernating' | 'other';

export interface CustomerSegment {
  key: SegmentKey;
  label: { en: string; 'zh-CN': string };
  /** How many of the tenant's customers share the segment. */
  size: number;
  /** Days since the last order, orders in the last 365 days, money spent (customer's currency). */
  recencyDays: number;
  frequency: number;
  monetary: Money;
}

export type NextOrderForecast =
  | {
      status: 'forecast';
      expectedDate: string;
      dateInterval: { from: string; to: string };
      amount: Money;
      amountInterval: { low: Money; high: Money };
      basedOnOrders: number;
    }
  | { status: 'insufficient-history'; basedOnOrders: number };

export const churnFeatures = [
  'recencyDays',
  'frequency',
  'monetary',
  'tenureDays',
  'refunds',
  'cancellations',
  'contactsCall',
  'contactsEmail',
  'contactsMeeting',
  'contactsChat',
  'contactsSms',
  'contactsNote',
] as const;
export type ChurnFeature = (typeof churnFeatures)[number];

export interface ChurnReason {
  feature: ChurnFeature;
  op: 'lte' | 'gt';
  threshold: number;
  value: number;
}

export interface ChurnRisk {
  probability: number;
  level: 'low' | 'medium' | 'high';
  reasons: ChurnReason[];
}

/** `GET /v1/customers/{id}/insights`. */
export interface CustomerInsights {
  customerId: string;
  segment: CustomerSegment | null;
  nextOrder: NextOrderForecast;
  churnRisk: ChurnRisk | null;
  computedAt: string;
}
