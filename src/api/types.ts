/** An amount in the currency's minor unit (cents, fen; JPY has none) and its ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

/** A person at the CRM's company. */
export interface UserRef {
  id: string;
  name: string;
}

/** A customer, as `GET /v1/customers/{id}` answers it. */
export interface Customer {
  id: string;
  name: string;
  company?: string;
  email?: string;
  phone?: string;
  avatarUrl?: string;
  website?: string;
  tags: string[];
  tier?: string;
  owner?: UserRef;
  lifetimeValue: Money;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  lastContactAt?: string;
}

/** Where an order is in its life. */
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'refunded';

/** One line of an order. */
export interface OrderItem {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

/** An order, as `GET /v1/customers/{id}/orders` lists it. */
export interface Order {
  id: string;
  number: string;
  customerId: string;
  status: OrderStatus;
  total: Money;
  items: OrderItem[];
  createdAt: string;
  updatedAt: string;
}

/** How a contact happened. */
export type ContactChannel = 'call' | 'email' | 'meeting' | 'chat' | 'sms' | 'note';

/** One entry of a customer's contact log. */
export interface ContactEntry {
  id: string;
  customerId: string;
  channel: ContactChannel;
  direction: 'inbound' | 'outbound' | null;
  subject?: string;
  body: string;
  author: UserRef;
  occurredAt: string;
  createdAt: string;
}

/** One page of a cursor-paged list. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** The fields `updateCustomer` may change; `null` clears email or phone. */
export interface CustomerPatch {
  name?: string;
  email?: string | null;
  phone?: string | null;
  tags?: string[];
}

/** What `addContactEntry` sends. */
export interface NewContactEntry {
  channel: ContactChannel;
  direction?: 'inbound' | 'outbound' | null;
  subject?: string;
  body: string;
  occurredAt?: string;
}

/**
 * The segment a customer falls in: a k-means cluster of the tenant's customers on recency,
 * frequency and monetary value, named from its centroid — a name only when the customer's own
 * figures meet its rule, else the neutral `other`.
 */
export type SegmentKey = 'champions' | 'loyal' | 'promising' | 'new' | 'at-risk' | 'hibernating' | 'other';

export interface CustomerSegment {
  key: SegmentKey;
  /** The cluster's label in `en` and `zh-CN`, for API readers; elements use their own strings for `key`. */
  label: { en: string; 'zh-CN': string };
  /** How many of the tenant's customers share the segment. */
  size: number;
  /** This customer's features: days since the last order, orders in the last 365 days, money spent. */
  recencyDays: number;
  frequency: number;
  monetary: Money;
}

/** The next order, from a linear regression on the customer's order dates and amounts. */
export type NextOrderForecast =
  | {
      status: 'forecast';
      /** The expected day of the next order (`YYYY-MM-DD`) and its interval. */
      expectedDate: string;
      dateInterval: { from: string; to: string };
      /** The expected amount and its interval, in the customer's currency. */
      amount: Money;
      amountInterval: { low: Money; high: Money };
      /** How many orders the forecast rests on (at least 3). */
      basedOnOrders: number;
    }
  | {
      /** Fewer than three orders: no forecast, never a made-up number. */
      status: 'insufficient-history';
      basedOnOrders: number;
    };

/** A feature a churn-risk reason speaks of. */
export type ChurnFeature =
  | 'recencyDays'
  | 'frequency'
  | 'monetary'
  | 'tenureDays'
  | 'refunds'
  | 'cancellations'
  | 'contactsCall'
  | 'contactsEmail'
  | 'contactsMeeting'
  | 'contactsChat'
  | 'contactsSms'
  | 'contactsNote';

/**
 * One feature behind the churn risk: `feature` of this customer (`value`) is `<=` or `>`
 * `threshold` (the typical value, or a tree's test; a feature given once per direction reads as a range).
 */
export interface ChurnReason {
  feature: ChurnFeature;
  op: 'lte' | 'gt';
  threshold: number;
  value: number;
}

/** Churn risk from a model trained on the tenant's customers. */
export interface ChurnRisk {
  /** 0–1: how likely the customer is to place no order in the next 180 days. */
  probability: number;
  level: 'low' | 'medium' | 'high';
  /** The features that moved the risk most, strongest first. */
  reasons: ChurnReason[];
}

/** `GET /v1/customers/{id}/insights`. */
export interface CustomerInsights {
  customerId: string;
  /** `null` when the customer has no orders (nothing to cluster on). */
  segment: CustomerSegment | null;
  nextOrder: NextOrderForecast;
  /** `null` when the tenant had too few customers to train a tree. */
  churnRisk: ChurnRisk | null;
  /** When the analysis ran (ISO 8601). */
  computedAt: string;
}
