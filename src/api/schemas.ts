import * as v from 'valibot';
import type { ContactEntry, Customer, Money, Order, Page } from './types.js';

const isoTimestamp = v.pipe(v.string(), v.isoTimestamp());
const optionalText = v.optional(v.string());

export const moneySchema: v.GenericSchema<unknown, Money> = v.object({
  amount: v.pipe(v.number(), v.safeInteger()),
  currency: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/)),
});

/** `Customer` (contract v1); unknown extra fields are dropped, not rejected. */
export const customerSchema: v.GenericSchema<unknown, Customer> = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  name: v.string(),
  company: optionalText,
  email: optionalText,
  phone: optionalText,
  avatarUrl: optionalText,
  website: optionalText,
  tags: v.array(v.string()),
  tier: optionalText,
  owner: v.optional(v.object({ id: v.string(), name: v.string() })),
  lifetimeValue: moneySchema,
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  lastContactAt: v.optional(isoTimestamp),
});

const orderStatuses = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
const channels = ['call', 'email', 'meeting', 'chat', 'sms', 'note'] as const;

export const orderSchema: v.GenericSchema<unknown, Order> = v.object({
  id: v.string(),
  number: v.string(),
  customerId: v.string(),
  status: v.picklist(orderStatuses),
  total: moneySchema,
  items: v.array(
    v.object({ sku: v.string(), name: v.string(), quantity: v.pipe(v.number(), v.integer(), v.minValue(1)), unitPrice: moneySchema }),
  ),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});

export const contactEntrySchema: v.GenericSchema<unknown, ContactEntry> = v.object({
  id: v.string(),
  customerId: v.string(),
  channel: v.picklist(channels),
  direction: v.nullable(v.picklist(['inbound', 'outbound'] as const)),
  subject: optionalText,
  body: v.string(),
  author: v.object({ id: v.string(), name: v.string() }),
  occurredAt: isoTimestamp,
  createdAt: isoTimestamp,
});

/** `{ data: T[], nextCursor }` around an item schema. */
export function pageSchema<T>(item: v.GenericSchema<unknown, T>): v.GenericSchema<unknown, Page<T>> {
  return v.object({ data: v.array(item), nextCursor: v.nullable(v.string()) });
}
