/**
 * `npm run bench:api`: loads GET /v1/customers/{id} and GET /v1/customers/{id}/orders from this
 * process (autocannon) against the reference API in a second process, on PGlite with the default
 * seed and — when CRM_BENCH_DATABASE_URL names a PostgreSQL database — on PostgreSQL with 100,000
 * customers, and writes req/s and p50/p99 latency to docs/benchmarks.md.
 *
 * Options: --duration S (15), --rate R (200 req/s for the latency runs), --pg-customers N (100000).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { createTokenSigner } from '../../demo/server/auth.js';
import { writeBenchmarkSection } from './report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    rate: { type: 'string', default: '200' },
    'pg-customers': { type: 'string', default: '100000' },
  },
});
const duration = Number(values.duration);
const rate = Number(values.rate);
const pgCustomers = Number(values['pg-customers']);
const secret = 'bench-secret-that-is-at-least-32-characters';

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', CRM_JWT_SECRET: secret, CRM_RATE_LIMIT_PER_MINUTE: 'off', CRM_DEMO: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+\/)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
  });
}

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

/**
 * Open-loop load at a steady rate: one request every 1/rate s, each timed from the moment it was
 * due (so a slow answer cannot hide the ones queued behind it). autocannon's own rate mode sends
 * each second's quota in one burst and then idles, which measures bursts, not a steady rate.
 */
async function paced(
  url: string,
  token: string,
  paths: string[],
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
    pending.push(
      new Promise<void>((resolve) => {
        const request = http.get(
          new URL(paths[i % paths.length]!, url),
          { agent, headers: { Authorization: `Bearer ${token}` } },
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
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { latencies: latencies.sort((a, b) => a - b), lags: lags.sort((a, b) => a - b), non2xx, errors, seconds };
}

async function load(
  url: string,
  token: string,
  route: string,
  ids: string[],
  mode: 'rate' | 'max',
  seconds = duration,
): Promise<Figures> {
  let i = 0;
  const pathFor = (id: string) => (route === 'orders' ? `/v1/customers/${id}/orders` : `/v1/customers/${id}`);
  const label = route === 'orders' ? 'GET /v1/customers/{id}/orders' : 'GET /v1/customers/{id}';
  if (mode === 'rate') {
    const run = await paced(url, token, ids.map(pathFor));
    return {
      route: label,
      mode: `${rate} req/s, evenly paced`,
      requests: run.latencies.length,
      rps: Math.round(run.latencies.length / run.seconds),
      p50: Math.round(percentile(run.latencies, 50) * 10) / 10,
      p99: Math.round(percentile(run.latencies, 99) * 10) / 10,
      lag99: Math.round(percentile(run.lags, 99) * 10) / 10,
      non2xx: run.non2xx,
      errors: run.errors,
    };
  }
  const result = await autocannon({
    url,
    duration: seconds,
    connections: 16,
    headers: { Authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, path: pathFor(ids[i++ % ids.length]!) }) }],
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

async function benchEngine(label: string, env: Record<string, string>, customers: number): Promise<Figures[]> {
  console.log(`\n${label}: starting the server…`);
  const server = await startServer(env);
  try {
    const token = (await createTokenSigner(secret).sign({ sub: 'u_bench', tenant: 'demo', scope: 'crm:read' }, 3600))
      .token;
    // Spread the load over many customers so the cache of one row does not flatter the figures.
    const ids = Array.from({ length: 500 }, (_, k) => `c_${1001 + Math.floor((k * customers) / 500)}`);
    const figures: Figures[] = [];
    for (const route of ['customer', 'orders']) {
      // Warm-up, not reported: JIT, and the database's pages for this route's tables and indexes.
      await load(server.url, token, route, ids, 'max', 8);
      for (const mode of ['rate', 'max'] as const) {
        const f = await load(server.url, token, route, ids, mode);
        console.log(
          `  ${f.route} ${f.mode}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, send lag p99 ${f.lag99 ?? '-'} ms, non-2xx ${f.non2xx}, errors ${f.errors}`,
        );
        figures.push(f);
      }
    }
    return figures;
  } finally {
    server.child.kill('SIGTERM');
  }
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

const sections: string[] = [];
const command = `npm run bench:api -- --duration ${duration} --rate ${rate}${process.env.CRM_BENCH_DATABASE_URL ? ` --pg-customers ${pgCustomers}` : ''}`;
const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
try {
  const pglite = await benchEngine(
    'PGlite',
    { CRM_DATA_DIR: dataDir, CRM_SEED_CUSTOMERS: '2000', DATABASE_URL: '' },
    2000,
  );
  sections.push(`### PGlite, default seed (2,000 customers, ~44,000 orders)\n\n${table(pglite)}`);
  const pgUrl = process.env.CRM_BENCH_DATABASE_URL;
  if (pgUrl) {
    const explain = await ensurePgSeed(pgUrl);
    const postgres = await benchEngine('PostgreSQL', { DATABASE_URL: pgUrl }, pgCustomers);
    sections.push(`### PostgreSQL ${pgCustomers.toLocaleString('en')} customers\n\n${table(postgres)}\n\n${explain}`);
  } else {
    sections.push('### PostgreSQL\n\nNot run: set `CRM_BENCH_DATABASE_URL=postgres://…` to include it.');
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const report = `## Reference API (${new Date().toISOString().slice(0, 10)})

\`${command}\` — the load in one process, the server (one Node process) in another, on this
machine (${cpus().length} cores, Node ${process.version}); ${duration} s per row; rate limiting off; one token; requests
spread over 500 customers. Steady-rate rows send one request every ${1000 / rate} ms and time each from when it
was due (no coordinated omission); saturated rows are autocannon with 16 connections.

${sections.join('\n\n')}
`;
writeBenchmarkSection('bench:api', report);
console.log(`\nWrote docs/benchmarks.md`);
