import type { ContactEntry, Customer, Money, Order, Page } from './types.js';
import { array, integer, matching, nullable, object, oneOf, optional, string, timestamp, type Schema } from './validate.js';

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
  items: array(object<Order['items'][number]>({ sku: string, name: string, quantity: integer(1), unitPrice: moneySchema })),
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
