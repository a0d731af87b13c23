/**
 * `npm run bench:live`: how long a change made by one user takes to show in another user's open
 * store, through the reference API's /v1/events and the SDK's live stream (the SDK's own code,
 * run under Node against a server process on loopback). Writes docs/benchmarks.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenSigner } from '../../demo/server/auth.js';
import { writeBenchmarkSection } from './report.js';
import { createCrm } from '../../src/stores/crm.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const secret = 'bench-secret-that-is-at-least-32-characters';
const rounds = 40;
const dataDir = mkdtempSync(join(tmpdir(), 'crm-live-'));

const server: { child: ChildProcess; url: string } = await new Promise((resolve, reject) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      CRM_JWT_SECRET: secret,
      CRM_DATA_DIR: dataDir,
      CRM_SEED_CUSTOMERS: '200',
      CRM_DEMO: '',
      DATABASE_URL: '',
      CRM_RATE_LIMIT_PER_MINUTE: 'off',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
    const match = /listening on (http:\/\/\S+\/)/.exec(output);
    if (match) resolve({ child, url: match[1]! });
  });
  child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});

const signer = createTokenSigner(secret);
const tokenFor = (userId: string) => async () =>
  (await signer.sign({ sub: userId, tenant: 'demo', scope: 'crm:read crm:write' }, 3600)).token;
const watcher = createCrm({ baseUrl: server.url, getToken: tokenFor('u_1') });
const editor = createCrm({ baseUrl: server.url, getToken: tokenFor('u_2'), live: false });
const until = async (condition: () => boolean, timeoutMs = 10_000) => {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
};

const $watched = watcher.customerById('c_1020');
const off = $watched.listen(() => undefined);
const $edited = editor.customerById('c_1020');
const offEditor = $edited.listen(() => undefined);
await until(
  () => $watched.get().data !== undefined && $edited.get().data !== undefined && watcher.$live.get() === 'open',
);

const delays: number[] = [];
for (let i = 0; i < rounds; i++) {
  const name = `Live ${i} ${Date.now()}`;
  await editor.updateCustomer('c_1020', { name });
  const saved = performance.now();
  await until(() => $watched.get().data?.name === name);
  delays.push(performance.now() - saved);
}
off();
offEditor();
server.child.kill('SIGTERM');
rmSync(dataDir, { recursive: true, force: true });

delays.sort((a, b) => a - b);
const at = (p: number) => delays[Math.min(delays.length - 1, Math.ceil((p / 100) * delays.length) - 1)]!.toFixed(1);
const line = `p50 ${at(50)} ms, p95 ${at(95)} ms, max ${delays[delays.length - 1]!.toFixed(1)} ms over ${rounds} changes`;
console.log(`change → shown in another user's open store: ${line}`);

const report = `## Live updates (${new Date().toISOString().slice(0, 10)})

\`npm run bench:live\` — one user saves a customer (PATCH), another user's open store shows it via
/v1/events and a conditional re-read; PGlite server on loopback, ${cpus().length} cores, Node ${process.version}. Time
from the PATCH answer to the change being in the watcher's store: ${line}.
`;
writeBenchmarkSection('bench:live', report);
process.exit(0);
