import { insightsSchema } from '../api/schemas.js';
import type { CustomerInsights } from '../api/types.js';
import { customerPath, type StoreContext } from './context.js';
import { keyed, type Keyed } from './keyed.js';
import { createResource, type Resource } from './resource.js';

/** Customers' insights, and asking for them again after a change of their orders or contacts. */
export interface InsightStores {
  readonly byCustomer: Keyed<[customerId: string], Resource<CustomerInsights>>;
  /**
   * The server recomputes a customer's insights a while after their orders or contacts change:
   * asks `delay` ms later (once for a burst of changes), and again, each wait twice the last, while
   * they are unchanged (`tries` asks in all).
   */
  refreshAfterChange(customerId: string, delay?: number, tries?: number): void;
}

export function createInsightStores({ api, hooks, device }: StoreContext, insightsDelay: number): InsightStores {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const byCustomer = keyed(
    (customerId: string) => customerId,
    (customerId: string) => {
      const path = `${customerPath(customerId)}/insights`;
      return createResource<CustomerInsights>(
        async (signal, previous) => {
          const answer = previous?.etag
            ? await api.revalidate(path, insightsSchema, { signal, ifNoneMatch: previous.etag })
            : await api.get(path, insightsSchema, { signal });
          const result = 'notModified' in answer ? previous! : answer;
          device?.write(customerId, 'insights', { data: result.data, etag: result.etag });
          return result;
        },
        hooks,
        device && (() => device.read(customerId, 'insights')),
      );
    },
  );

  function refreshAfterChange(customerId: string, delay = insightsDelay, tries = 5): void {
    clearTimeout(timers.get(customerId));
    const ask = async () => {
      timers.delete(customerId);
      const resource = byCustomer.peek(customerId);
      if (!resource?.mounted) return;
      const before = resource.peek()?.data.computedAt;
      await resource.reload();
      if (tries > 1 && resource.peek()?.data.computedAt === before)
        refreshAfterChange(customerId, delay * 2, tries - 1);
    };
    timers.set(customerId, setTimeout(ask, delay));
  }

  return { byCustomer, refreshAfterChange };
}
