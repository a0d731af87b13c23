/**
 * `npm run insights -- [--tenant ID]`: recomputes and stores the insights (segments, next-order
 * forecasts, churn risk) of every tenant, or one, in the database the environment names
 * (`DATABASE_URL`, else PGlite in `CRM_DATA_DIR` / `.data/`), and prints what it found and how long
 * each step took. The API serves the stored results; running processes pick them up at once.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from './db.js';
import { recomputeAll, recomputeTenant, type RecomputeResult } from './insights/compute.js';

const { values } = parseArgs({ options: { tenant: { type: 'string' }, json: { type: 'boolean', default: false } } });
const databaseUrl = process.env.DATABASE_URL || undefined;
const db = await openDatabase(
  databaseUrl
    ? { databaseUrl }
    : { dataDir: process.env.CRM_DATA_DIR ?? fileURLToPath(new URL('../../.data/', import.meta.url)) },
);
try {
  const started = performance.now();
  let results: RecomputeResult[];
  if (values.tenant) {
    const result = await recomputeTenant(db, values.tenant);
    results = result ? [result] : [];
  } else {
    results = await recomputeAll(db);
  }
  for (const result of results) {
    if (values.json) {
      console.log(JSON.stringify(result));
      continue;
    }
    const { timings: t } = result;
    const segments = result.segments
      ? `k=${result.segments.k} (silhouette ${result.segments.silhouettes.map((s) => `k${s.k}=${s.score}`).join(' ') || 'n/a'}) ` +
        Object.entries(result.segments.sizes)
          .map(([key, size]) => `${key}:${size}`)
          .join(' ')
      : 'none (no orders)';
    const churn =
      result.churn.status === 'trained'
        ? `logistic regression on ${result.churn.trainedOn} customers (${result.churn.churned} churned)`
        : `no tree: ${result.churn.reason}`;
    console.log(
      `${result.tenant}: ${result.customers} customers, reference ${result.reference}${result.written ? '' : ' (not stored: a newer result exists)'}`,
    );
    console.log(`  segments: ${segments}`);
    console.log(`  churn:    ${churn}`);
    console.log(
      `  timings:  read ${t.readMs} ms, segments ${t.segmentMs} ms, forecasts ${t.forecastMs} ms, churn ${t.churnMs} ms, write ${t.writeMs} ms, total ${t.totalMs} ms`,
    );
  }
  if (results.length === 0)
    console.log(values.tenant ? `No tenant ${values.tenant}.` : 'No tenants: seed first (npm run seed).');
  console.log(`Done on ${db.engine} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await db.close();
}
