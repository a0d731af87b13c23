/**
 * Starts the reference CRM API: opens (and migrates) the database, seeds an empty one, serves the
 * API under `/v1`, and with `--demo` the demo pages at `/` and the bundles at `/dist/`.
 *
 * Environment: `PORT` (8787), `HOST` (127.0.0.1), `CRM_DATA_DIR` (`.data/`, or `memory`),
 * `CRM_JWT_SECRET` (required outside demo mode), `CRM_DEMO=1` (same as `--demo`),
 * `CRM_SEED_CUSTOMERS` (2000), `CRM_CORS_ORIGINS` (comma-separated, `*` by default).
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { createTokenSigner } from './auth.js';
import { countCustomers } from './customers.js';
import { openDatabase } from './db.js';
import { seed } from './seed.js';

const env = process.env;
const demo = process.argv.includes('--demo') || env.CRM_DEMO === '1';
const port = Number(env.PORT ?? 8787);
const hostname = env.HOST ?? '127.0.0.1';
const dataDir = env.CRM_DATA_DIR ?? fileURLToPath(new URL('../../.data/', import.meta.url));

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${env.PORT}".`);
  process.exit(2);
}

let secret = env.CRM_JWT_SECRET;
if (!secret) {
  if (!demo) {
    console.error('CRM_JWT_SECRET is required (at least 32 characters) unless the server runs with --demo.');
    process.exit(2);
  }
  // Demo tokens only need to outlive this process.
  secret = randomBytes(32).toString('base64url');
} else if (secret.length < 32) {
  console.error('CRM_JWT_SECRET must be at least 32 characters.');
  process.exit(2);
}

const started = performance.now();
const db = await openDatabase({ dataDir });
if ((await countCustomers(db)) === 0) {
  const customers = Number(env.CRM_SEED_CUSTOMERS ?? 2000);
  const result = await seed(db, { customers });
  console.log(`Seeded ${result.customers} customers.`);
}

const app = createApp({
  db,
  signer: createTokenSigner(secret),
  demo,
  staticRoot: demo ? fileURLToPath(new URL('../../', import.meta.url)) : undefined,
  corsOrigins: env.CRM_CORS_ORIGINS?.split(',').map((origin) => origin.trim()),
});

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  const url = `http://${hostname}:${info.port}/`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`crm-widgets reference API listening on ${url} (ready in ${seconds} s)`);
  if (demo) console.log(`Demo page: ${url}`);
  console.log('Press Ctrl-C to stop.');
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  server.close();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
