import * as v from 'valibot';
import type { Customer, Money } from './types.js';

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
