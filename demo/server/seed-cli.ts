/**
 * `npm run seed -- [--customers N] [--reset]`: seeds the database the environment names
 * (`DATABASE_URL`, else PGlite in `CRM_DATA_DIR` / `.data/`) with N customers in the `demo` tenant.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { countCustomers } from './customers.js';
import { openDatabase } from './db.js';
import { seed } from './seed.js';

const { values } = parseArgs({
  options: { customers: { type: 'string', default: '2000' }, reset: { type: 'boolean', default: false } },
});
const customers = Number(values.customers);
if (!Number.isInteger(customers) || customers < 1) {
  console.error('--customers must be a positive whole number.');
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL || undefined;
const db = await openDatabase(
  databaseUrl
    ? { databaseUrl }
    : { dataDir: process.env.CRM_DATA_DIR ?? fileURLToPath(new URL('../../.data/', import.meta.url)) },
);
try {
  if (values.reset) {
    await db.exec('TRUNCATE events, idempotency_keys, contacts, orders, customers, users, tenants CASCADE');
  } else if ((await countCustomers(db)) > 0) {
    console.error('The database already has customers; pass --reset to replace them.');
    process.exit(2);
  }
  const started = performance.now();
  let reported = 0;
  const result = await seed(db, { customers, acmeCustomers: Math.min(200, customers) }, (done) => {
    if (done.customers - reported >= 10_000) {
      reported = done.customers;
      console.log(`  ${done.customers} customers…`);
    }
  });
  await db.exec('ANALYZE');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Seeded ${result.customers} customers, ${result.orders} orders, ${result.contacts} contact entries on ${db.engine} in ${seconds} s.`,
  );
} finally {
  await db.close();
}
