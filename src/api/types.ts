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
