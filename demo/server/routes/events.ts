import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AuthEnv } from '../auth.js';
import type { Db } from '../db.js';
import { eventsAfter, type CrmEvent, type EventHub } from '../events.js';
import type { RouteDeps } from './deps.js';

interface StreamOptions {
  db: Db;
  hub: EventHub;
  tenant: string;
  lastEventId: number | undefined;
  heartbeatMs: number;
}

/**
 * Streams a tenant's events until the client leaves or the server stops: first the ones after
 * `lastEventId` (a resume), then live ones, in order, none twice. Live events that arrive during
 * the replay wait for it.
 */
async function streamEvents(stream: SSEStreamingApi, { db, hub, tenant, lastEventId, heartbeatMs }: StreamOptions) {
  let lastSent = lastEventId ?? 0;
  let chain = Promise.resolve();
  // Writes go one after another, in event order, skipping anything already sent.
  const send = (event: CrmEvent) => {
    chain = chain.then(async () => {
      if (event.id <= lastSent || stream.aborted || stream.closed) return;
      lastSent = event.id;
      await stream.writeSSE({
        id: String(event.id),
        event: event.type,
        data: JSON.stringify({ id: event.resourceId, customerId: event.customerId }),
      });
    });
    return chain;
  };
  const buffered: CrmEvent[] = [];
  let replaying = true;
  const unsubscribe = hub.subscribe(tenant, (event) => (replaying ? buffered.push(event) : void send(event)));
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const untrack = hub.track(() => finish());
  stream.onAbort(() => finish());
  const heartbeat = setInterval(() => {
    chain = chain.then(() => stream.write(': heartbeat\n\n')).then(() => undefined);
  }, heartbeatMs);
  try {
    await stream.write('retry: 3000\n\n');
    if (lastEventId !== undefined) {
      for (const event of await eventsAfter(db, tenant, lastEventId)) await send(event);
    } else {
      await stream.write(': connected\n\n');
    }
    replaying = false;
    for (const event of buffered.splice(0)) await send(event);
    await finished;
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
    untrack();
  }
}

/** `/v1/events`: server-sent events of the caller's tenant, resumable with `Last-Event-ID`. */
export function eventRoutes({ db, read }: RouteDeps, { hub, heartbeatMs }: { hub: EventHub; heartbeatMs: number }) {
  const app = new Hono<AuthEnv>();

  app.get('/', read, (c) => {
    const lastEventIdText = c.req.header('Last-Event-ID');
    // An id this API did not issue is ignored: the stream starts live, as a first connection does.
    const lastEventId = lastEventIdText && /^\d{1,15}$/.test(lastEventIdText) ? Number(lastEventIdText) : undefined;
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, (stream) =>
      streamEvents(stream, { db, hub, tenant: c.get('caller').tenant, lastEventId, heartbeatMs }),
    );
  });

  return app;
}
