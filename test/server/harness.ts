// Starts the reference API in-process for server tests, on PGlite and — when
// CRM_TEST_DATABASE_URL names a PostgreSQL server — on PostgreSQL too (one schema per harness).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../demo/server/app.js';
import { createTokenSigner } from '../../demo/server/auth.js';
import { loadOpenApiDocument } from '../../demo/server/config.js';
import { openDatabase, type Db } from '../../demo/server/db.js';
import { createEventHub, type EventHub } from '../../demo/server/events.js';
import type { RateLimiter } from '../../demo/server/rate-limit.js';
import { seed } from '../../demo/server/seed.js';

export type Engine = 'pglite' | 'postgres';

/** The engines this run covers: PGlite always, PostgreSQL when a server is given. */
export const engines: Engine[] = ['pglite', ...(process.env.CRM_TEST_DATABASE_URL ? (['postgres'] as const) : [])];

export const secret = 'test-secret-that-is-at-least-32-characters-long';

export interface TestApi {
  engine: Engine;
  db: Db;
  hub: EventHub;
  app: ReturnType<typeof createApp>;
  token(tenant?: string, scope?: string, userId?: string): Promise<string>;
  /** `app.request` with a bearer token for the `demo` tenant unless `token` says otherwise. */
  call(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestApi(
  engine: Engine,
  options: { customers?: number; limiter?: RateLimiter; heartbeatMs?: number } = {},
): Promise<TestApi> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = process.env.CRM_TEST_DATABASE_URL;
  const db =
    engine === 'postgres'
      ? await openDatabase({ databaseUrl: databaseUrl!, schema, poolSize: 12 })
      : await openDatabase({ dataDir: 'memory' });
  await seed(db, { customers: options.customers ?? 40, acmeCustomers: 10 });
  const hub = await createEventHub(db);
  const signer = createTokenSigner(secret);
  const app = createApp({
    db,
    hub,
    signer,
    demo: true,
    openapi: await loadOpenApiDocument(),
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  const token = async (tenant = 'demo', scope = 'crm:read crm:write', userId = 'u_1') =>
    (await signer.sign({ sub: userId, tenant, scope }, 600)).token;
  const defaultToken = await token();
  return {
    engine,
    db,
    hub,
    app,
    token,
    call(path, init = {}) {
      const { token: given, ...rest } = init;
      const headers = new Headers(rest.headers);
      const bearer = given === undefined ? defaultToken : given;
      if (bearer) headers.set('Authorization', `Bearer ${bearer}`);
      return Promise.resolve(app.request(path, { ...rest, headers }));
    },
    async close() {
      await hub.stop();
      await db.close();
      if (engine === 'postgres') {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
