// Orders for the order-list tests: generated, and a fake orders endpoint that pages them.
import type { Order, OrderStatus } from '../../../src/api/types.js';
import { json } from '../../helpers/fake-fetch.js';

export const statuses: OrderStatus[] = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];

/** Order `n`: a higher `n` is a newer order. */
export function sampleOrder(n: number, overrides: Partial<Order> = {}): Order {
  const createdAt = new Date(Date.UTC(2023, 0, 1) + n * 3_600_000).toISOString();
  return {
    id: `o_${n}`,
    number: `SO-2023-${String(n).padStart(7, '0')}`,
    customerId: 'c_1042',
    status: statuses[n % statuses.length]!,
    total: { amount: 1000 * n + 99, currency: 'CNY' },
    items: [
      { sku: `SKU-${n}-A`, name: `Widget ${n}`, quantity: 2, unitPrice: { amount: 1250, currency: 'CNY' } },
      { sku: `SKU-${n}-B`, name: `Gadget ${n}`, quantity: 1, unitPrice: { amount: 99, currency: 'CNY' } },
    ],
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** `count` orders, newest first, as the API lists them. */
export function newestFirst(count: number, overrides: Partial<Order> = {}): Order[] {
  return Array.from({ length: count }, (_, index) => sampleOrder(count - index, overrides));
}

/**
 * Answers `GET …/orders?status=&cursor=` from `orders` (newest first), `pageSize` at a time; the
 * cursor is the offset of the next page.
 */
export function pagedOrders(orders: Order[], pageSize = 20) {
  return (request: Request) => {
    const url = new URL(request.url);
    const status = url.searchParams.get('status');
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const matching = status ? orders.filter((order) => order.status === status) : orders;
    const data = matching.slice(offset, offset + pageSize);
    const next = offset + pageSize < matching.length ? String(offset + pageSize) : null;
    return json({ data, nextCursor: next });
  };
}
