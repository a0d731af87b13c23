/**
 * Starts the reference CRM API: opens (and migrates) the database, seeds an empty one, serves the
 * API under `/v1`, and in demo mode the demo pages at `/` and the bundles at `/dist/`.
 *
 * Environment: `PORT` (8787), `HOST` (127.0.0.1), `CRM_DEMO=1` (or `--demo`), `CRM_JWT_SECRET`
 * (required outside demo mode), `DATABASE_URL` (a PostgreSQL server; PGlite otherwise),
 * `CRM_DATA_DIR` (PGlite's directory, `.data/` by default, or `memory`), `CRM_SEED_CUSTOMERS`
 * (2000), `CRM_ALLOWED_ORIGINS` (comma-separated origins besides the server's own, or `*`),
 * `CRM_RATE_LIMIT_PER_MINUTE` (1200 per token, or `off`), `CRM_DB_POOL_SIZE` (10 PostgreSQL connections
 * per process, plus one for LISTEN). Several processes on one PostgreSQL: docs/scaling.md.
 *
 * Insights (`GET /v1/customers/{id}/insights`) are computed after seeding and recomputed per
 * tenant a few seconds after its orders or contacts change (`CRM_INSIGHTS_DEBOUNCE_MS`, 2000).
 */
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { createTokenSigner } from './auth.js';
import { ConfigError, loadOpenApiDocument, readConfig } from './config.js';
import { countCustomers } from './customers.js';
import { openDatabase, type Db } from './db.js';
import { createEventHub } from './events.js';
import { startInsightsRefresher } from './insights/refresh.js';
import { createRateLimiter } from './rate-limit.js';
import { seed } from './seed.js';

/** The advisory lock that seeding holds (db.ts's migration lock is 727001, the insights' locks hash from 727007). */
const seedLockKey = 727_002;

let config;
try {
  config = readConfig(process.env, process.argv, fileURLToPath(new URL('../../.data/', import.meta.url)));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const started = performance.now();
const db = await openDatabase(
  config.databaseUrl ? { databaseUrl: config.databaseUrl, poolSize: config.poolSize } : { dataDir: config.dataDir },
);
await seedIfEmpty(db, config.seedCustomers);
const hub = await createEventHub(db);
const debounceMs = Number(process.env.CRM_INSIGHTS_DEBOUNCE_MS ?? 2000);
const insights = await startInsightsRefresher(db, {
  debounceMs: Number.isFinite(debounceMs) && debounceMs >= 0 ? debounceMs : 2000,
});
// Computed in the background: a database seeded before insights existed, and a tenant whose last
// write was interrupted (its models marked stale, `events_through` -1).
for (const { id } of (
  await db.query<{ id: string }>(
    'SELECT id FROM tenants WHERE id NOT IN (SELECT tenant_id FROM insight_models WHERE events_through >= 0)',
  )
).rows) {
  insights.schedule(id);
}

const app = createApp({
  db,
  hub,
  signer: createTokenSigner(config.secret),
  demo: config.demo,
  staticRoot: config.demo ? fileURLToPath(new URL('../../', import.meta.url)) : undefined,
  allowedOrigins: config.allowedOrigins,
  limiter: config.rateLimit ? createRateLimiter(config.rateLimit) : undefined,
  openapi: await loadOpenApiDocument(),
});

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.hostname }, (info) => {
  const url = `http://${config.hostname}:${info.port}/`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`crm-widgets reference API listening on ${url} (${db.engine}, ready in ${seconds} s)`);
  if (config.demo) console.log(`Demo page: ${url}`);
  console.log('Press Ctrl-C to stop.');
});

/**
 * Seeds an empty database. Under an advisory lock, with the count taken inside it: API processes
 * started together on one empty PostgreSQL would otherwise all see no customers and all seed, and
 * every one but the first would stop on a duplicate key.
 */
async function seedIfEmpty(db: Db, customers: number) {
  await db.withLock(seedLockKey, { wait: true }, async () => {
    if ((await countCustomers(db)) > 0) return;
    const result = await seed(db, { customers, acmeCustomers: Math.min(200, customers) });
    console.log(`Seeded ${result.customers} customers, ${result.orders} orders, ${result.contacts} contact entries.`);
    for (const tenant of result.insights ?? []) {
      console.log(
        `Insights for ${tenant.tenant}: ${tenant.customers} customers in ${(tenant.timings.totalMs / 1000).toFixed(1)} s.`,
      );
    }
  });
}

let stopping = false;
/** Stops taking connections, ends event streams, lets in-flight requests finish, closes the database. */
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: finishing in-flight requests…`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await hub.stop();
  await insights.stop();
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref());
  await Promise.race([closed, timeout]);
  await db.close();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
