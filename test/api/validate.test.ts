import { expect } from '@open-wc/testing';
import { contactEntrySchema, customerSchema, orderSchema, pageSchema } from '../../src/api/schemas.js';
import { safeParse } from '../../src/api/validate.js';
import { sampleCustomer } from '../helpers/fake-fetch.js';
import { sampleOrder } from '../components/order-list/orders.js';

const order = sampleOrder(1);

describe('answer validation', () => {
  it('accepts a contract customer and drops fields the contract does not name', () => {
    const result = safeParse(customerSchema, { ...sampleCustomer, extra: '<script>' });
    expect(result.success).to.equal(true);
    expect(result.success && 'extra' in result.output).to.equal(false);
    expect(result.success && result.output.name).to.equal(sampleCustomer.name);
  });

  it('names the dotted path of the first field that breaks the contract', () => {
    const page = pageSchema(orderSchema);
    const bad = {
      data: [order, { ...order, items: [{ ...order.items[0], unitPrice: { amount: 1.5, currency: 'USD' } }] }],
      nextCursor: null,
    };
    const result = safeParse(page, bad);
    expect(result.success).to.equal(false);
    expect(!result.success && result.issue.path).to.equal('data.1.items.0.unitPrice.amount');
  });

  it('rejects wrong types, unknown enum values, bad currencies and impossible timestamps', () => {
    const cases: [unknown, string][] = [
      [{ ...order, status: 'lost' }, 'status'],
      [{ ...order, total: { amount: 1, currency: 'usd' } }, 'total.currency'],
      [{ ...order, createdAt: '2026-02-30T00:00:00Z' }, 'createdAt'],
      [{ ...order, createdAt: 'yesterday' }, 'createdAt'],
      [{ ...order, createdAt: '2026-01-01T10:00:00+24:00' }, 'createdAt'],
      [{ ...order, createdAt: '2026-01-01T10:00:00+05:60' }, 'createdAt'],
      [{ ...order, items: [{ ...order.items[0], quantity: 0 }] }, 'items.0.quantity'],
      [{ ...order, items: 'none' }, 'items'],
      [null, '(root)'],
    ];
    for (const [value, path] of cases) {
      const result = safeParse(orderSchema, value);
      expect(result.success, path).to.equal(false);
      expect(!result.success && result.issue.path, path).to.equal(path);
    }
  });

  it('tells optional (absent) from nullable (null)', () => {
    const entry = {
      id: 'e',
      customerId: 'c',
      channel: 'call',
      direction: null,
      body: 'b',
      author: { id: 'u', name: 'U' },
      occurredAt: order.createdAt,
      createdAt: order.createdAt,
    };
    expect(safeParse(contactEntrySchema, entry).success).to.equal(true);
    expect(safeParse(contactEntrySchema, { ...entry, subject: null }).success).to.equal(false);
    expect(safeParse(contactEntrySchema, { ...entry, direction: undefined }).success).to.equal(false);
  });
});
