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
