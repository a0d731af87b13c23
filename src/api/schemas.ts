import type {
  ChurnReason,
  ContactEntry,
  Customer,
  CustomerInsights,
  CustomerSegment,
  Money,
  NextOrderForecast,
  Order,
  Page,
} from './types.js';
import {
  array,
  integer,
  matching,
  nullable,
  object,
  oneOf,
  optional,
  SchemaIssue,
  string,
  timestamp,
  type Schema,
} from './validate.js';

const optionalText = optional(string);
const user = object<{ id: string; name: string }>({ id: string, name: string });

export const moneySchema: Schema<Money> = object<Money>({
  amount: integer(),
  currency: matching(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
});

/** `Customer` (contract v1); unknown extra fields are dropped, not rejected. */
export const customerSchema: Schema<Customer> = object<Customer>({
  id: matching(/[^]/, 'a non-empty id'),
  name: string,
  company: optionalText,
  email: optionalText,
  phone: optionalText,
  avatarUrl: optionalText,
  website: optionalText,
  tags: array(string),
  tier: optionalText,
  owner: optional(user),
  lifetimeValue: moneySchema,
  createdAt: timestamp,
  updatedAt: timestamp,
  lastContactAt: optional(timestamp),
});

export const orderSchema: Schema<Order> = object<Order>({
  id: string,
  number: string,
  customerId: string,
  status: oneOf(['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded']),
  total: moneySchema,
  items: array(
    object<Order['items'][number]>({ sku: string, name: string, quantity: integer(1), unitPrice: moneySchema }),
  ),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const contactEntrySchema: Schema<ContactEntry> = object<ContactEntry>({
  id: string,
  customerId: string,
  channel: oneOf(['call', 'email', 'meeting', 'chat', 'sms', 'note']),
  direction: nullable(oneOf(['inbound', 'outbound'])),
  subject: optionalText,
  body: string,
  author: user,
  occurredAt: timestamp,
  createdAt: timestamp,
});

/** `{ data: T[], nextCursor }` around an item schema. */
export function pageSchema<T>(item: Schema<T>): Schema<Page<T>> {
  return object<Page<T>>({ data: array(item), nextCursor: nullable(string) });
}

/** A finite number from `min` to `max`. */
const finite =
  (min = -Infinity, max = Infinity): Schema<number> =>
  (value, path) => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    throw new SchemaIssue(path, `expected a number from ${min} to ${max}`);
  };
const day = matching(/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)');
const count = integer(0);

type Forecast<S> = Extract<NextOrderForecast, { status: S }>;
const forecastSchema = object<Forecast<'forecast'>>({
  status: oneOf(['forecast']),
  expectedDate: day,
  dateInterval: object({ from: day, to: day }),
  amount: moneySchema,
  amountInterval: object({ low: moneySchema, high: moneySchema }),
  basedOnOrders: count,
});
const noForecastSchema = object<Forecast<'insufficient-history'>>({
  status: oneOf(['insufficient-history']),
  basedOnOrders: count,
});

/** `CustomerInsights` (`GET /v1/customers/{id}/insights`); the next-order forecast is checked by its `status`. */
export const insightsSchema: Schema<CustomerInsights> = object<CustomerInsights>({
  customerId: string,
  segment: nullable(
    object<CustomerSegment>({
      key: oneOf(['champions', 'loyal', 'promising', 'new', 'at-risk', 'hibernating', 'other']),
      label: object<CustomerSegment['label']>({ en: string, 'zh-CN': string }),
      size: integer(1),
      recencyDays: finite(0),
      frequency: count,
      monetary: moneySchema,
    }),
  ),
  nextOrder: (value, path) =>
    ((value as { status?: unknown } | null)?.status === 'forecast' ? forecastSchema : noForecastSchema)(value, path),
  churnRisk: nullable(
    object<NonNullable<CustomerInsights['churnRisk']>>({
      probability: finite(0, 1),
      level: oneOf(['low', 'medium', 'high']),
      reasons: array(
        object<ChurnReason>({
          // Any name: a feature a newer server adds is shown as its name and value, not refused.
          feature: string as Schema<ChurnReason['feature']>,
          op: oneOf(['lte', 'gt']),
          threshold: finite(),
          value: finite(),
        }),
      ),
    }),
  ),
  computedAt: timestamp,
});
