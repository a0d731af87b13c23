import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { engines, json, secret, startTestApi, type TestApi } from './harness.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Parses one `\n\n`-terminated block of a server-sent event stream. */
function parseBlock(block: string): SseEvent {
  const event: SseEvent = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) event.comment = line.slice(1).trim();
    else {
      const [field, ...rest] = line.split(':');
      const text = rest.join(':').replace(/^ /, '');
      if (field === 'id' || field === 'event' || field === 'data') event[field] = text;
    }
  }
  return event;
}

/**
 * Reads server-sent events from a streaming response as they arrive. `until` reads on until a
 * condition holds on everything received so far (or the stream ends, or `timeoutMs` passes, which
 * ends it) and answers what was received; `close` stops reading.
 */
function eventStream(response: Response, timeoutMs = 5000) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  let ended = false;
  const until = async (condition: (events: SseEvent[]) => boolean): Promise<SseEvent[]> => {
    const timer = setTimeout(() => void reader.cancel(), timeoutMs);
    try {
      while (!ended && !condition(events)) {
        const { value, done } = await reader.read();
        if (done) ended = true;
        else buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          events.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
      }
    } finally {
      clearTimeout(timer);
    }
    return events;
  };
  const close = () => reader.cancel().catch(() => undefined);
  /** Once the server says `: connected`, it has subscribed: every later change reaches this stream. */
  const connected = () => until((list) => list.some((e) => e.comment === 'connected'));
  return { until, connected, close };
}

/** Reads a stream until `condition`, then stops reading. */
async function readEvents(response: Response, condition: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const stream = eventStream(response);
  try {
    return await stream.until(condition);
  } finally {
    await stream.close();
  }
}

for (const engine of engines) {
  describe(`GET /v1/events on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(engine, { customers: 10, heartbeatMs: 200 });
    });
    after(() => api.close());

    const addNote = (customerId: string, key: string, token?: string) =>
      api.call(`/v1/customers/${customerId}/contacts`, {
        method: 'POST',
        ...json({ channel: 'note', body: `note ${key}` }, { 'Idempotency-Key': key }),
        ...(token ? { token } : {}),
      });

    it("streams the tenant's changes with ids, and nothing of other tenants", async () => {
      const response = await api.call('/v1/events');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('Content-Type') ?? '', /^text\/event-stream/);
      const stream = eventStream(response);
      await stream.connected();
      assert.equal((await addNote('c_500001', 'acme-event-0001', await api.token('acme'))).status, 201);
      const created = (await (await addNote('c_1001', 'event-key-0001')).json()) as { id: string };
      const etag = (await api.call('/v1/customers/c_1002')).headers.get('ETag')!;
      await api.call('/v1/customers/c_1002', { method: 'PATCH', ...json({ tags: ['live'] }, { 'If-Match': etag }) });
      const events = (await stream.until((list) => list.some((e) => e.event === 'customer.updated'))).filter(
        (e) => e.event,
      );
      await stream.close();
      assert.deepEqual(
        events.map((e) => e.event),
        ['contact.created', 'customer.updated'],
      );
      assert.deepEqual(JSON.parse(events[0]!.data!), { id: created.id, customerId: 'c_1001' });
      assert.deepEqual(JSON.parse(events[1]!.data!), { id: 'c_1002', customerId: 'c_1002' });
      assert.ok(Number(events[1]!.id) > Number(events[0]!.id));
    });

    it('resumes after Last-Event-ID with the events missed in between', async () => {
      const stream = eventStream(await api.call('/v1/events'));
      await stream.connected();
      await addNote('c_1003', 'resume-key-0001');
      const [seen] = (await stream.until((events) => events.some((e) => e.event))).filter((e) => e.event);
      await stream.close();
      // Disconnected: two more changes happen.
      await addNote('c_1004', 'resume-key-0002');
      await addNote('c_1005', 'resume-key-0003');
      const resumed = await api.call('/v1/events', { headers: { 'Last-Event-ID': seen!.id! } });
      const replayed = (await readEvents(resumed, (events) => events.filter((e) => e.event).length >= 2)).filter(
        (e) => e.event,
      );
      assert.deepEqual(
        replayed.map((e) => JSON.parse(e.data!).customerId),
        ['c_1004', 'c_1005'],
      );
    });

    it('sends heartbeat comments on a quiet stream', async () => {
      const stream = await api.call('/v1/events');
      const events = await readEvents(stream, (list) => list.filter((e) => e.comment === 'heartbeat').length >= 2);
      assert.ok(events.filter((e) => e.comment === 'heartbeat').length >= 2);
    });

    it(
      'fans events out across API processes sharing one PostgreSQL',
      { skip: engine !== 'postgres' && 'PostgreSQL only' },
      async () => {
        // A second, independent API "process" (own pool, own LISTEN connection) on the same database.
        const { openDatabase } = await import('../../demo/server/db.js');
        const { createEventHub } = await import('../../demo/server/events.js');
        const { createApp } = await import('../../demo/server/app.js');
        const { createTokenSigner } = await import('../../demo/server/auth.js');
        const schema = (await api.db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
        const db2 = await openDatabase({ databaseUrl: process.env.CRM_TEST_DATABASE_URL!, schema });
        const hub2 = await createEventHub(db2);
        const other = createApp({ db: db2, hub: hub2, signer: createTokenSigner(secret), demo: false });
        try {
          const stream = eventStream(
            await other.request('/v1/events', { headers: { Authorization: `Bearer ${await api.token()}` } }),
          );
          await stream.connected();
          await addNote('c_1006', 'cross-process-0001');
          const [event] = (await stream.until((events) => events.some((e) => e.event))).filter((e) => e.event);
          await stream.close();
          assert.equal(event!.event, 'contact.created');
          assert.equal(JSON.parse(event!.data!).customerId, 'c_1006');
        } finally {
          await hub2.stop();
          await db2.close();
        }
      },
    );

    it('needs a token like every route', async () => {
      assert.equal((await api.call('/v1/events', { token: null })).status, 401);
    });
  });
}
