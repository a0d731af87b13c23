import type { Db, Queryable } from './db.js';

export const eventTypes = ['customer.updated', 'order.created', 'order.updated', 'contact.created'] as const;
export type EventType = (typeof eventTypes)[number];

/** One entry of the event log; `id` is its SSE id. */
export interface CrmEvent {
  id: number;
  tenant: string;
  type: EventType;
  resourceId: string;
  customerId: string;
}

const channel = 'crm_events';

/**
 * Appends an event inside the caller's transaction and notifies every API process (PostgreSQL
 * delivers `NOTIFY` on commit, so a rolled-back write announces nothing).
 */
export async function recordEvent(tx: Queryable, event: Omit<CrmEvent, 'id'>): Promise<CrmEvent> {
  const { rows } = await tx.query<{ id: string | number }>(
    'INSERT INTO events (tenant_id, type, resource_id, customer_id) VALUES ($1, $2, $3, $4) RETURNING id',
    [event.tenant, event.type, event.resourceId, event.customerId],
  );
  const recorded = { ...event, id: Number(rows[0]!.id) };
  await tx.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(recorded)]);
  return recorded;
}

/** The tenant's events after `afterId`, oldest first (for `Last-Event-ID` resume). */
export async function eventsAfter(db: Queryable, tenant: string, afterId: number, limit = 1000): Promise<CrmEvent[]> {
  const { rows } = await db.query<{ id: string | number; type: EventType; resource_id: string; customer_id: string }>(
    'SELECT id, type, resource_id, customer_id FROM events WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3',
    [tenant, afterId, limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    tenant,
    type: row.type,
    resourceId: row.resource_id,
    customerId: row.customer_id,
  }));
}

export type EventListener = (event: CrmEvent) => void;

/** One `LISTEN` per process, fanned out to the open event streams of each tenant. */
export interface EventHub {
  subscribe(tenant: string, listener: EventListener): () => void;
  /** Registers a stream to end when the server stops. */
  track(close: () => void): () => void;
  stop(): Promise<void>;
}

export async function createEventHub(db: Db): Promise<EventHub> {
  const listeners = new Map<string, Set<EventListener>>();
  const streams = new Set<() => void>();
  const unlisten = await db.listen(channel, (payload) => {
    let event: CrmEvent;
    try {
      event = JSON.parse(payload) as CrmEvent;
    } catch {
      return;
    }
    for (const listener of listeners.get(event.tenant) ?? []) listener(event);
  });
  return {
    subscribe(tenant, listener) {
      let set = listeners.get(tenant);
      if (!set) listeners.set(tenant, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(tenant);
      };
    },
    track(close) {
      streams.add(close);
      return () => streams.delete(close);
    },
    async stop() {
      for (const close of [...streams]) close();
      await unlisten();
    },
  };
}
