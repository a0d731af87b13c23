import { orderSchema, pageSchema } from '../api/schemas.js';
import type { Order, OrderStatus } from '../api/types.js';
import { customerPath, type StoreContext } from './context.js';
import { keyed, type Keyed } from './keyed.js';
import { createPagedResource, type PagedResource } from './paged.js';

/** A customer's orders, newest first, page by page: one list per customer and status filter. */
export type OrderStores = Keyed<[customerId: string, status?: OrderStatus], PagedResource<Order>>;

export function createOrderStores({ api, hooks, device }: StoreContext): OrderStores {
  const schema = pageSchema(orderSchema);
  return keyed(
    (customerId: string, status?: OrderStatus) => `${customerId}?${status ?? ''}`,
    (customerId: string, status?: OrderStatus) => {
      const kind = `orders?${status ?? ''}`;
      return createPagedResource<Order>(
        async (cursor, signal) => {
          const query = new URLSearchParams();
          if (status) query.set('status', status);
          if (cursor) query.set('cursor', cursor);
          const text = query.toString();
          const suffix = text ? `?${text}` : '';
          const page = (await api.get(`${customerPath(customerId)}/orders${suffix}`, schema, { signal })).data;
          if (!cursor) device?.write(customerId, kind, { data: page });
          return page;
        },
        hooks,
        device && { stored: () => device.read(customerId, kind) },
      );
    },
  );
}
