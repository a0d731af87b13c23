/**
 * `npm run bench:offline`: the figures of the offline work (#13), in Chromium (Debian's or
 * CHROME_PATH's, through playwright-core) as `bench:elements` drives it: 390 × 844 CSS px at 3×,
 * touch, CPU slowed 4× through the DevTools protocol, a fresh browser context (empty storage) per run.
 * The page is the classic script with `configure({ …, offline })` and a card; the reference API
 * runs in this process (PGlite in memory, small seed) and serves the page's origin.
 *
 * (a) the outbox on the device with 10 contact entries queued (written while the browser is offline):
 *     bytes of its IndexedDB records (string bytes as UTF-8, numbers 8 bytes, buffers their length,
 *     property names included), in the clear and sealed with an AES-GCM key;
 * (b) from the browser's `online` event to the last of 10 queued entries confirmed by the API (out
 *     of the outbox after its 201), then checked on the server: each there once;
 * (c) a card reopened (the second visit of a context): navigation → the customer's name painted, with
 *     `offline` on (painted from the device, then revalidated), the same with the API unreachable, and
 *     with `offline` off (from the network); then the first and the last again with a 150 ms round
 *     trip to the API (DevTools latency emulation), as on a phone network.
 *
 * Writes the `offline` section of docs/benchmarks.md. Needs `npm run build` first (dist/).
 * Options: --runs N (5), --dry (prints without touching the docs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { createApp } from '../../demo/server/app.js';
import { createTokenSigner } from '../../demo/server/auth.js';
import { openDatabase } from '../../demo/server/db.js';
import { createEventHub } from '../../demo/server/events.js';
import { seed } from '../../demo/server/seed.js';
// @ts-expect-error -- plain ESM tooling module without types
import { locateBrowsers } from '../browsers.mjs';
import { writeBenchmarkSection } from './report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, dry: { type: 'boolean' } } });
const runs = Number(values.runs);
const customerId = 'c_1042';
const queuedCount = 10;
const startLoad = loadavg()[0]!;
if (!existsSync(`${root}dist/crm-widgets.iife.js`)) throw new Error('dist/ is missing: run `npm run build` first.');

// ── the reference API, serving the page's origin ─────────────────────────────────────────────────
const db = await openDatabase({ dataDir: 'memory' });
await seed(db, { customers: 60, acmeCustomers: 10 });
const signer = createTokenSigner('bench-secret-that-is-at-least-32-characters');
const api = createApp({ db, hub: await createEventHub(db), signer, demo: true, staticRoot: root });
const { token } = await signer.sign({ sub: 'u_demo', tenant: 'demo', scope: 'crm:read crm:write' }, 3600);

/** The host page: `offline` on (`device`), sealed with a fresh key (`sealed`), or off (`network`). */
const page = (mode: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="/dist/crm-widgets.iife.js"></script>
<script>
  const key = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const offline = ${JSON.stringify(mode)} === 'network' ? false : ${JSON.stringify(mode)} === 'sealed' ? { key } : true;
  window.crm = CrmWidgets.configure({ baseUrl: location.origin + '/', getToken: () => ${JSON.stringify(token)}, offline, live: false });
</script></head><body><crm-customer-card customer-id="${customerId}"></crm-customer-card></body></html>`;

const listener = getRequestListener(api.fetch);
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname !== '/bench/offline.html') return void listener(request, response);
  response
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(page(url.searchParams.get('mode') ?? 'device'));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const url = (mode: string) => `${origin}/bench/offline.html?mode=${mode}`;

// ── the phone ──────────────────────────────────────────────────────────────────────────────────
const { chromium: where } = locateBrowsers();
if (!where?.executablePath) throw new Error('No Chromium found (set CHROME_PATH or apt-get install chromium).');
const browser: Browser = await chromium.launch({
  executablePath: where.executablePath,
  args: [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ],
});

/** When the card first painted its customer's name (ms from navigation start), as `bench:elements` takes it. */
const probe = `
  globalThis.__name = (target) => target; // tsx compiles functions for page.evaluate with esbuild's keepNames helper
  window.__painted = new Promise((resolve) => {
    const ready = () => document.querySelector('crm-customer-card')?.shadowRoot?.querySelector('[part="name"]')?.textContent;
    const check = () => (ready() ? setTimeout(() => resolve(performance.now())) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  });
`;

async function phone(): Promise<{ context: BrowserContext; tab: Page; cdp: CDPSession }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(probe);
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return { context, tab, cdp };
}

async function paintedAt(tab: Page, address: string): Promise<number> {
  await tab.goto(address);
  return tab.evaluate(() => (window as unknown as { __painted: Promise<number> }).__painted);
}

/** What this page's instance keeps on the device, read in the page: each store's rows. */
const deviceRows = (tab: Page, store: 'outbox' | 'records') =>
  tab.evaluate(async (name) => {
    const [info] = (await indexedDB.databases()).filter((db) => db.name?.startsWith('crm-widgets/'));
    if (!info?.name) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(info.name!);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const all = db.transaction(name).objectStore(name).getAll();
      all.onsuccess = () => resolve(all.result);
      all.onerror = () => reject(all.error);
    });
    db.close();
    // Bytes of a stored value: strings as UTF-8, numbers 8, buffers their length, property names included.
    const size = (value: unknown): number => {
      if (value === null || value === undefined) return 0;
      if (typeof value === 'string') return new TextEncoder().encode(value).length;
      if (typeof value !== 'object') return 8;
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return value.byteLength;
      return Object.entries(value).reduce((sum, [key, item]) => sum + key.length + size(item), 0);
    };
    return rows.map(size);
  }, store);

/** A contact entry as a rep would write one after a call. */
const entryOf = (marker: string, index: number) => ({
  channel: 'call',
  direction: 'outbound',
  subject: `Follow-up on the Q4 order ${index + 1}`,
  body: `Called about the delivery date of the Q4 order; they want it split into two shipments and the invoice sent to their finance team. ${marker} #${index + 1}`,
});

/** Queues 10 entries with the browser offline; resolves once the outbox counts them. */
async function queueEntries(context: BrowserContext, tab: Page, marker: string) {
  await context.setOffline(true);
  await tab.evaluate(
    async ({ entries, id }) => {
      const crm = (window as unknown as { crm: { addContactEntry(id: string, entry: unknown): Promise<unknown> } }).crm;
      for (const entry of entries) await crm.addContactEntry(id, entry);
    },
    { entries: Array.from({ length: queuedCount }, (_, index) => entryOf(marker, index)), id: customerId },
  );
  await tab.waitForFunction(
    (count) =>
      (window as unknown as { crm: { $outbox: { get(): { queued: number } } } }).crm.$outbox.get().queued === count,
    queuedCount,
  );
}

/** How many entries carrying `marker` the server holds for the customer. */
async function onServer(marker: string): Promise<number> {
  const response = await fetch(`${origin}/v1/customers/${customerId}/contacts?limit=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { data } = (await response.json()) as { data: { body: string }[] };
  return data.filter((entry) => entry.body.includes(marker)).length;
}

// ── (a) the outbox's size ───────────────────────────────────────────────────────────────────────
async function outboxBytes(mode: 'device' | 'sealed') {
  const { context, tab } = await phone();
  await paintedAt(tab, url(mode));
  await queueEntries(context, tab, `size-${mode}`);
  const sizes = await deviceRows(tab, 'outbox');
  await context.close();
  if (sizes.length !== queuedCount) throw new Error(`${mode}: ${sizes.length} outbox records, not ${queuedCount}`);
  return sizes.reduce((sum, size) => sum + size, 0);
}

// ── (b) online → the last queued entry confirmed ──────────────────────────────────────────────────
async function drainTime(run: number): Promise<number> {
  const { context, tab } = await phone();
  await paintedAt(tab, url('device'));
  const marker = `drain-${run}-${Date.now()}`;
  await queueEntries(context, tab, marker);
  await tab.evaluate(() => {
    type Counts = { queued: number; sending: number };
    const crm = (window as unknown as { crm: { $outbox: { listen(fn: (counts: Counts) => void): () => void } } }).crm;
    const win = window as unknown as { __drained: Promise<number> };
    win.__drained = new Promise((resolve) => {
      let online: number | undefined;
      addEventListener('online', () => (online = performance.now()), { once: true });
      const stop = crm.$outbox.listen((counts) => {
        if (online === undefined || counts.queued + counts.sending > 0) return;
        stop();
        resolve(performance.now() - online);
      });
    });
  });
  await context.setOffline(false);
  const ms = await tab.evaluate(() => (window as unknown as { __drained: Promise<number> }).__drained);
  await context.close();
  const landed = await onServer(marker);
  if (landed !== queuedCount) throw new Error(`run ${run}: ${landed} entries on the server, not ${queuedCount}`);
  return ms;
}

// ── (c) a reopened card ───────────────────────────────────────────────────────────────────────────
type Reopen = 'device' | 'device, API unreachable' | 'network' | `${'device' | 'network'}, ${typeof rtt} ms RTT`;
/** A phone network's round trip (DevTools latency emulation), for the second visit of the `… RTT` kinds. */
const rtt = 150;
async function reopened(kind: Reopen): Promise<number> {
  const { context, tab, cdp } = await phone();
  const mode = kind.startsWith('network') ? 'network' : 'device';
  await paintedAt(tab, url(mode));
  // The first visit's records are on the device before the second visit.
  if (mode === 'device')
    for (let tries = 0; (await deviceRows(tab, 'records')).length === 0; tries++) {
      if (tries > 100) throw new Error('the card was never kept on the device');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  if (kind === 'device, API unreachable') await tab.route(/\/v1\//, (route) => route.abort('internetdisconnected'));
  if (kind.endsWith('RTT')) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: rtt,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  const ms = await paintedAt(tab, url(mode));
  await context.close();
  return ms;
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const range = (list: number[]) =>
  `${median(list).toFixed(0)} ms (${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)})`;

const clear = await outboxBytes('device');
const sealed = await outboxBytes('sealed');
console.log(`(a) outbox, ${queuedCount} entries: ${clear} B in the clear, ${sealed} B sealed`);
const drains: number[] = [];
const reopens: Record<Reopen, number[]> = {
  device: [],
  'device, API unreachable': [],
  network: [],
  [`device, ${rtt} ms RTT`]: [],
  [`network, ${rtt} ms RTT`]: [],
} as Record<Reopen, number[]>;
for (let run = 0; run < runs; run++) {
  drains.push(await drainTime(run));
  // The order rotates from run to run, so no kind is always first on a machine warming up.
  const kinds = Object.keys(reopens) as Reopen[];
  const first = run % kinds.length;
  for (const kind of [...kinds.slice(first), ...kinds.slice(0, first)]) reopens[kind].push(await reopened(kind));
  console.log(`run ${run + 1}/${runs}: drain ${drains.at(-1)!.toFixed(0)} ms`, {
    ...Object.fromEntries(Object.entries(reopens).map(([kind, list]) => [kind, list.at(-1)!.toFixed(0)])),
  });
}
console.log(`(b) online → ${queuedCount} confirmed: ${range(drains)}`);
for (const [kind, list] of Object.entries(reopens)) console.log(`(c) reopened, ${kind}: ${range(list)}`);

const version = browser.version();
await browser.close();
server.close();
await db.close();

const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const markdown = `## Offline (#13)

Command: \`npm run build --silent && npm run bench:offline\` (\`node --import tsx test/bench/offline-bench.ts\`,
${runs} runs); this checkout's dist/ as last built (HEAD \`${head}\`), ${new Date().toISOString().slice(0, 10)}.
Chromium ${version} through playwright-core, 390 × 844 at 3×, touch, CPU slowed 4×, a fresh context per run;
the reference API in the same process (PGlite in memory) on the page's origin; load average
${startLoad.toFixed(1)} at the start (2 shared cores: absolute times are noisy, compare within a row).

| figure | value |
| --- | --- |
| (a) outbox on the device, ${queuedCount} queued contact entries (a call with a subject and a 145-character body), in the clear | ${clear.toLocaleString('en')} B (${Math.round(clear / queuedCount)} B each) |
| (a) the same, sealed (AES-GCM, 12-byte IV per record) | ${sealed.toLocaleString('en')} B (${Math.round(sealed / queuedCount)} B each) |
| (b) \`online\` event → the last of ${queuedCount} queued entries confirmed by the API (each on the server once) | ${range(drains)} |
| (c) card reopened, painted from the device (\`offline: true\`), API reachable | ${range(reopens.device)} |
| (c) card reopened, from the device, API unreachable | ${range(reopens['device, API unreachable'])} |
| (c) card reopened, from the network (\`offline\` off) | ${range(reopens.network)} |
| (c) card reopened, from the device, ${rtt} ms round trip to the API | ${range(reopens[`device, ${rtt} ms RTT`])} |
| (c) card reopened, from the network, ${rtt} ms round trip to the API | ${range(reopens[`network, ${rtt} ms RTT`])} |

Bytes in (a) are the records' contents (strings as UTF-8, numbers 8 bytes, buffers their length, property
names included), not the browser's on-disk overhead. (b) sends one write at a time, oldest first
(one replayer, each write checked to be still there). (c) is navigation → the customer's name painted
on a second visit (median, min–max); the bundle is asked for again (Cache-Control: no-cache) in every row. On this
machine the API answers in a few milliseconds, so the first three rows show what reading the device costs
(loading the offline code, opening IndexedDB) against a free network; the last two add a phone network's
${rtt} ms round trip (DevTools latency emulation) to every request, the bundle's included. From
the device the name is painted without waiting for the API, and says "As of" until revalidation
(\`If-None-Match\`) confirms it.
`;
if (values.dry) console.log(markdown);
else writeBenchmarkSection('offline', markdown);
