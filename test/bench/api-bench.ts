/**
 * `npm run bench:api`: loads GET /v1/customers/{id} and GET /v1/customers/{id}/orders from this
 * process (autocannon) against the reference API in a second process, on PGlite with the default
 * seed and — when CRM_BENCH_DATABASE_URL (or else CRM_TEST_DATABASE_URL) names a PostgreSQL
 * database — on PostgreSQL with 100,000 customers, and writes req/s and p50/p99 latency to
 * docs/benchmarks.md. With PostgreSQL and HAProxy it also measures scale-out: 1 process direct, and
 * 1, 2 and 3 processes behind HAProxy (test/server/cluster.ts), on a schema of its own that it drops.
 *
 * Options: --duration S (30), --rate R (200 req/s for the latency runs), --pg-customers N (100000),
 * --scale-customers N (2000, seeded into the scale-out schema), --only pglite|postgres|scale-out
 * (one part; the others' sections in docs/benchmarks.md stay as they are).
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { createTokenSigner } from '../../demo/server/auth.js';
import { createSchema, findHaproxy, startApiProcess, startCluster } from '../server/cluster.js';
import { writeBenchmarkSection } from './report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    rate: { type: 'string', default: '200' },
    'pg-customers': { type: 'string', default: '100000' },
    'scale-customers': { type: 'string', default: '2000' },
    only: { type: 'string' },
  },
});
const duration = Number(values.duration);
const rate = Number(values.rate);
const pgCustomers = Number(values['pg-customers']);
const scaleCustomers = Number(values['scale-customers']);
const only = values.only;
const secret = 'bench-secret-that-is-at-least-32-characters';
const serverEnv = { CRM_JWT_SECRET: secret, CRM_RATE_LIMIT_PER_MINUTE: 'off', CRM_DEMO: '' };

interface Figures {
  route: string;
  mode: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** p99 of how late the load generator itself sent (steady-rate rows only). */
  lag99?: number;
  non2xx: number;
  errors: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** One request of a load: GETs carry only a path; a POST its JSON body and an Idempotency-Key. */
interface RequestSpec {
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

/**
 * Open-loop load at a steady rate: one request every 1/rate s, each timed from the moment it was
 * due (so a slow answer cannot hide the ones queued behind it). autocannon's own rate mode sends
 * each second's quota in one burst and then idles, which measures bursts, not a steady rate.
 */
async function paced(
  url: string,
  token: string,
  requestFor: (i: number) => RequestSpec,
): Promise<{ latencies: number[]; lags: number[]; non2xx: number; errors: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const interval = 1000 / rate;
  const total = Math.round(duration * rate);
  const latencies: number[] = [];
  const lags: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // How late this process itself was in sending (its timers, its GC): part of the latency figure.
    lags.push(performance.now() - due);
    const spec = requestFor(i);
    pending.push(
      new Promise<void>((resolve) => {
        const request = http.request(
          new URL(spec.path, url),
          {
            agent,
            method: spec.method ?? 'GET',
            headers: { Authorization: `Bearer ${token}`, ...spec.headers },
          },
          (response) => {
            response.resume();
            response.on('end', () => {
              latencies.push(performance.now() - due);
              if (response.statusCode! < 200 || response.statusCode! >= 300) non2xx += 1;
              resolve();
            });
          },
        );
        request.on('error', () => {
          errors += 1;
          resolve();
        });
        request.end(spec.body);
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { latencies: latencies.sort((a, b) => a - b), lags: lags.sort((a, b) => a - b), non2xx, errors, seconds };
}

type Route = 'customer' | 'orders' | 'contacts' | 'mixed';
const routeLabels: Record<Route, string> = {
  customer: 'GET /v1/customers/{id}',
  orders: 'GET /v1/customers/{id}/orders',
  contacts: 'POST /v1/customers/{id}/contacts',
  mixed: '4 GET /v1/customers/{id} : 1 POST /v1/customers/{id}/contacts',
};

/** The route's i-th request; POSTs get a key of their own, so each one writes a row. */
function requestSpec(route: Route, ids: string[], i: number, run: string): RequestSpec {
  const id = ids[i % ids.length]!;
  if (route === 'mixed') return requestSpec(i % 5 === 4 ? 'contacts' : 'customer', ids, i, run);
  if (route === 'customer') return { path: `/v1/customers/${id}` };
  if (route === 'orders') return { path: `/v1/customers/${id}/orders` };
  return {
    path: `/v1/customers/${id}/contacts`,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${run}-${i}` },
    body: JSON.stringify({ channel: 'note', body: `bench ${run} ${i}` }),
  };
}

async function load(
  url: string,
  token: string,
  route: Route,
  ids: string[],
  mode: 'rate' | 'max',
  seconds = duration,
): Promise<Figures> {
  let i = 0;
  // Keys unique across runs: a repeated key would be answered from its stored first answer.
  const run = `${Date.now().toString(36)}-${mode}`;
  const label = routeLabels[route];
  if (mode === 'rate') {
    const result = await paced(url, token, (k) => requestSpec(route, ids, k, run));
    return {
      route: label,
      mode: `${rate} req/s, evenly paced`,
      requests: result.latencies.length,
      rps: Math.round(result.latencies.length / result.seconds),
      p50: Math.round(percentile(result.latencies, 50) * 10) / 10,
      p99: Math.round(percentile(result.latencies, 99) * 10) / 10,
      lag99: Math.round(percentile(result.lags, 99) * 10) / 10,
      non2xx: result.non2xx,
      errors: result.errors,
    };
  }
  const result = await autocannon({
    url,
    duration: seconds,
    connections: 16,
    headers: { Authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (request) => {
          const spec = requestSpec(route, ids, i++, run);
          return {
            ...request,
            path: spec.path,
            method: spec.method ?? 'GET',
            headers: { ...request.headers, ...spec.headers },
            ...(spec.body ? { body: spec.body } : {}),
          };
        },
      },
    ],
  });
  return {
    route: label,
    mode: 'saturated (autocannon, 16 connections)',
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function logFigures(f: Figures, prefix = '') {
  console.log(
    `  ${prefix}${f.route} ${f.mode}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, send lag p99 ${f.lag99 ?? '-'} ms, non-2xx ${f.non2xx}, errors ${f.errors}`,
  );
}

/** Customers to spread the load over, so the cache of one row does not flatter the figures. */
const spreadIds = (customers: number) =>
  Array.from({ length: 500 }, (_, k) => `c_${1001 + Math.floor((k * customers) / 500)}`);

const benchToken = async (scope: string) =>
  (await createTokenSigner(secret).sign({ sub: 'u_bench', tenant: 'demo', scope }, 3600)).token;

async function benchEngine(label: string, env: Record<string, string>, customers: number): Promise<Figures[]> {
  console.log(`\n${label}: starting the server…`);
  const server = await startApiProcess(label, { ...serverEnv, ...env });
  try {
    const token = await benchToken('crm:read');
    const ids = spreadIds(customers);
    const figures: Figures[] = [];
    for (const route of ['customer', 'orders'] as const) {
      // Warm-up, not reported: JIT, and the database's pages for this route's tables and indexes.
      await load(server.url, token, route, ids, 'max', 8);
      for (const mode of ['rate', 'max'] as const) {
        const f = await load(server.url, token, route, ids, mode);
        logFigures(f);
        figures.push(f);
      }
    }
    return figures;
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

interface ScaleFigures extends Figures {
  target: string;
}

/**
 * Scale-out rows: for 1, 2 and 3 API processes on one PostgreSQL (a schema of its own, seeded by
 * the first start), the same loads through HAProxy — and for 1 also straight to the process, which
 * shows what the balancer itself costs.
 */
async function benchScaleOut(databaseUrl: string, haproxy: string): Promise<ScaleFigures[]> {
  const schema = await createSchema(databaseUrl, 'bench_scale');
  const figures: ScaleFigures[] = [];
  try {
    const token = await benchToken('crm:read crm:write');
    const ids = spreadIds(scaleCustomers);
    for (const count of [1, 2, 3]) {
      console.log(`\nScale-out: ${count} process${count > 1 ? 'es' : ''} behind HAProxy…`);
      const cluster = await startCluster({
        haproxy,
        databaseUrl: schema.url,
        count,
        env: { ...serverEnv, CRM_SEED_CUSTOMERS: String(scaleCustomers) },
      });
      try {
        const targets = [
          ...(count === 1 ? [{ target: '1 process, direct', url: cluster.processes[0]!.url }] : []),
          { target: `${count} process${count > 1 ? 'es' : ''} via HAProxy`, url: cluster.balancer.url },
        ];
        for (const { target, url } of targets) {
          await load(url, token, 'customer', ids, 'max', 8);
          for (const [route, mode] of [
            ['customer', 'rate'],
            ['customer', 'max'],
            ['mixed', 'rate'],
            ['contacts', 'max'],
          ] as const) {
            const f = { target, ...(await load(url, token, route, ids, mode)) };
            logFigures(f, `${target}: `);
            figures.push(f);
          }
        }
      } finally {
        await cluster.stop();
      }
    }
  } finally {
    await schema.drop();
  }
  return figures;
}

async function ensurePgSeed(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let count = 0;
  try {
    count = Number((await client.query("SELECT count(*) AS n FROM customers WHERE tenant_id = 'demo'")).rows[0].n);
  } catch {
    count = 0;
  }
  if (count !== pgCustomers) {
    console.log(`Seeding PostgreSQL with ${pgCustomers} customers (once; reused by later runs)…`);
    const seeded = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'demo/server/seed-cli.ts', '--customers', String(pgCustomers), '--reset'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: 'inherit',
      },
    );
    if (seeded.status !== 0) throw new Error('seeding PostgreSQL failed');
  }
  const customer = 'c_' + String(1001 + Math.floor(pgCustomers / 2));
  const plan = await client.query(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF)
     SELECT id, number, customer_id, status, total_amount, currency, items, created_at, updated_at
     FROM orders WHERE tenant_id = 'demo' AND customer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 21`,
    [customer],
  );
  const orders = Number((await client.query("SELECT count(*) AS n FROM orders WHERE tenant_id = 'demo'")).rows[0].n);
  await client.end();
  return `${orders} orders in the tenant; plan for one customer's first page (\`${customer}\`):\n\n\`\`\`\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}\n\`\`\``;
}

function table(figures: Figures[]): string {
  return [
    '| route | load | req/s | p50 ms | p99 ms | load generator send lag p99 ms | non-2xx | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.route} | ${f.mode} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.lag99 ?? '–'} | ${f.non2xx} | ${f.errors} |`,
    ),
  ].join('\n');
}

function scaleTable(figures: ScaleFigures[]): string {
  return [
    '| processes | route | load | req/s | p50 ms | p99 ms | load generator send lag p99 ms | non-2xx | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${f.target} | ${f.route} | ${f.mode} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.lag99 ?? '–'} | ${f.non2xx} | ${f.errors} |`,
    ),
  ].join('\n');
}

const pgVariable = ['CRM_BENCH_DATABASE_URL', 'CRM_TEST_DATABASE_URL'].find((name) => process.env[name]);
const pgUrl = pgVariable ? process.env[pgVariable] : undefined;
const date = new Date().toISOString().slice(0, 10);
/** The command as run (the database URL by its variable's name: it holds a password). */
const args = process.argv.slice(2).join(' ');
const command = `${pgVariable ? `${pgVariable}=postgres://… ` : ''}npm run bench:api${args ? ` -- ${args}` : ''}`;
if (only !== undefined && only !== 'api' && only !== 'scale-out') {
  console.error('--only takes api (PGlite and PostgreSQL, one process) or scale-out.');
  process.exit(2);
}

/** PGlite, and PostgreSQL with `--pg-customers`: one process each. */
async function singleProcessSection(): Promise<string> {
  const sections: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  try {
    const pglite = await benchEngine(
      'PGlite',
      { CRM_DATA_DIR: dataDir, CRM_SEED_CUSTOMERS: '2000', DATABASE_URL: '' },
      2000,
    );
    sections.push(`### PGlite, default seed (2,000 customers, ~44,000 orders)\n\n${table(pglite)}`);
    if (pgUrl) {
      const explain = await ensurePgSeed(pgUrl);
      const postgres = await benchEngine('PostgreSQL', { DATABASE_URL: pgUrl }, pgCustomers);
      sections.push(`### PostgreSQL ${pgCustomers.toLocaleString('en')} customers\n\n${table(postgres)}\n\n${explain}`);
    } else {
      sections.push(
        '### PostgreSQL\n\nNot run: set `CRM_BENCH_DATABASE_URL=postgres://…` (or `CRM_TEST_DATABASE_URL`) to include it.',
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return `## Reference API (${date})

\`${command}\` — the load in one process, the server (one Node process) in another, on this
machine (${cpus().length} cores, Node ${process.version}); ${duration} s per row; rate limiting off; one token; requests
spread over 500 customers. Steady-rate rows send one request every ${1000 / rate} ms and time each from when it
was due (no coordinated omission); saturated rows are autocannon with 16 connections.

${sections.join('\n\n')}
`;
}

/** 1, 2 and 3 processes behind HAProxy on PostgreSQL, or why not. */
async function scaleOutSection(): Promise<string> {
  const haproxy = findHaproxy();
  const heading = `## Reference API, scale-out on PostgreSQL (${date})`;
  if (!pgUrl || !haproxy) {
    const needs = [
      !pgUrl && '`CRM_BENCH_DATABASE_URL=postgres://…` (or `CRM_TEST_DATABASE_URL`)',
      !haproxy && 'HAProxy',
    ]
      .filter(Boolean)
      .join(' and ');
    return `${heading}\n\nNot run: needs ${needs}.\n`;
  }
  const loadBefore = loadavg()[0]!.toFixed(1);
  const figures = await benchScaleOut(pgUrl, haproxy);
  const loadAfter = loadavg()[0]!.toFixed(1);
  const version = /version (\S+)/.exec(spawnSync(haproxy, ['-v'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  return `${heading}

\`${command}\` — API processes (\`demo/server/main.ts\`, 10 pool connections each) on one PostgreSQL,
behind HAProxy ${version} with the configuration of [docs/scaling.md](scaling.md) (round robin, health checks,
retries), started by \`test/server/cluster.ts\`; a schema of its own seeded with ${scaleCustomers.toLocaleString('en')} customers,
dropped afterwards. The load generator, HAProxy, every API process and PostgreSQL share this machine's
${cpus().length} cores (Node ${process.version}); ${duration} s per row after an 8 s warm-up per target; rate limiting off; one token;
requests spread over 500 customers; each POST carries its own Idempotency-Key, so each writes a row.
The machine's 1-minute load average was ${loadBefore} when the run began and ${loadAfter} when it ended.

${scaleTable(figures)}
`;
}

if (!only || only === 'api') writeBenchmarkSection('bench:api', await singleProcessSection());
if (!only || only === 'scale-out') writeBenchmarkSection('bench:api-scale-out', await scaleOutSection());
console.log(`\nWrote docs/benchmarks.md`);
