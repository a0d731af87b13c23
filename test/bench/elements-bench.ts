/**
 * `npm run bench:elements`: the elements in Chromium (Debian's or CHROME_PATH's, through
 * playwright-core; nothing is downloaded) as a phone: 390 × 844 CSS px at 3× density, touch, CPU
 * slowed 4× through the DevTools protocol. Writes medians with min/max to docs/benchmarks.md.
 *
 * (a) navigation → customer card painted with data from the reference API, beside the same card's
 *     rendered markup served as a static page (declarative shadow DOM, styles inlined, no
 *     JavaScript: the floor any client-side rendering is measured against);
 * (b) `<crm-order-list>` given 10,000 orders: time to the first painted rows, DOM nodes, and the
 *     longest frame while scrolling through them;
 * (c) the requests a page with all three elements for one customer makes.
 *
 * The reference API runs in this process (PGlite in memory, small seed, one customer given 10,000
 * orders); the bench pages come from the same origin. Options: --runs N (15).
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../demo/server/app.js';
import { createTokenSigner } from '../../demo/server/auth.js';
import { openDatabase } from '../../demo/server/db.js';
import { createEventHub } from '../../demo/server/events.js';
import { insertOrders, orderStatuses, type Order } from '../../demo/server/orders.js';
import { createRandom, seed } from '../../demo/server/seed.js';
// @ts-expect-error -- plain ESM tooling module without types
import { locateBrowsers } from '../browsers.mjs';
import { writeBenchmarkSection } from './report.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, only: { type: 'string' } } });
const runs = Number(values.runs);
/** `--only card,orders,requests` runs some parts and prints them without touching the docs. */
const parts = new Set(values.only ? values.only.split(',') : ['card', 'orders', 'requests']);
const bigCustomer = 'c_1001';
const cardCustomer = 'c_1042';
const orderCount = 10_000;

// ── the reference API, with one customer holding 10,000 orders ─────────────────────────────────
const db = await openDatabase({ dataDir: 'memory' });
await seed(db, { customers: 60, acmeCustomers: 10 });
{
  const random = createRandom(7);
  const start = Date.parse('2026-10-31T12:00:00Z');
  const orders: Order[] = [];
  for (let index = 0; index < orderCount; index++) {
    const created = new Date(start - index * 3_600_000 * 7).toISOString();
    const quantity = 1 + Math.floor(random.next() * 3);
    const unit = 500 + Math.floor(random.next() * 20_000);
    orders.push({
      id: `o_bench_${index}`,
      number: `B-${String(100000 + index)}`,
      customerId: bigCustomer,
      status: orderStatuses[index % orderStatuses.length]!,
      total: { amount: unit * quantity, currency: 'USD' },
      items: [
        {
          sku: `SKU-${index % 97}`,
          name: `Bench item ${index % 97}`,
          quantity,
          unitPrice: { amount: unit, currency: 'USD' },
        },
      ],
      createdAt: created,
      updatedAt: created,
    });
  }
  for (let index = 0; index < orders.length; index += 1000)
    await insertOrders(db, 'demo', orders.slice(index, index + 1000));
}
const signer = createTokenSigner('bench-secret-that-is-at-least-32-characters');
const hub = await createEventHub(db);
const app = createApp({ db, hub, signer, demo: true, staticRoot: root });
const { token } = await signer.sign({ sub: 'u_demo', tenant: 'demo', scope: 'crm:read crm:write' }, 3600);

// ── the bench pages ───────────────────────────────────────────────────────────────────────────
/**
 * Runs in every bench page before anything else: resolves `window.__painted` with the time of the
 * first frame in which `ready()` holds, taken in the task after that frame's rAF callbacks (after
 * its paint), relative to navigation start.
 */
const probe = (ready: string) => `<script>
  window.__painted = new Promise((resolve) => {
    const ready = ${ready};
    const check = () => (ready() ? setTimeout(() => resolve(performance.now())) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  });
</script>`;
const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`;
const cardReady = `() => document.querySelector('crm-customer-card')?.shadowRoot?.querySelector('[part="name"]')?.textContent`;
const sdk = (configure = true) =>
  `<script src="/dist/crm-widgets.iife.js"></script>` +
  (configure
    ? `<script>CrmWidgets.configure({ baseUrl: location.origin + '/', getToken: () => ${JSON.stringify(token)} });</script>`
    : '');
let staticCard = '';

const pages: Record<string, () => string> = {
  '/bench/card.html': () =>
    `${head}${probe(cardReady)}${sdk()}</head><body><crm-customer-card customer-id="${cardCustomer}"></crm-customer-card></body></html>`,
  '/bench/card-static.html': () => `${head}${probe(cardReady)}</head><body>${staticCard}</body></html>`,
  '/bench/orders.html': () =>
    `${head}${probe(`() => window.__ordersSet && document.querySelector('crm-order-list')?.shadowRoot?.querySelector('[part~="order"]')`)}${sdk(false)}</head>` +
    `<body><crm-order-list></crm-order-list><script>
      fetch('/bench/orders.json').then((response) => response.json()).then((orders) => {
        requestAnimationFrame(() => {
          window.__ordersSetAt = performance.now();
          document.querySelector('crm-order-list').orders = orders;
          window.__ordersSet = true;
        });
      });
    </script></body></html>`,
  '/bench/all.html': () =>
    `${head}${sdk()}</head><body><crm-customer-card customer-id="${cardCustomer}"></crm-customer-card>` +
    `<crm-order-list customer-id="${cardCustomer}"></crm-order-list><crm-contact-log customer-id="${cardCustomer}"></crm-contact-log></body></html>`,
};
let ordersJson = '';
let listed = 0;

const listener = getRequestListener(app.fetch);
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path === '/bench/orders.json') {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(ordersJson);
  } else if (pages[path]) {
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(pages[path]());
  } else {
    void listener(request, response);
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

// All orders through the API itself, page by page, as a host holding them would have them.
{
  const all: unknown[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const response = await fetch(
      `${origin}/v1/customers/${bigCustomer}/orders?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const page = (await response.json()) as { data: unknown[]; nextCursor: string | null };
    all.push(...page.data);
    cursor = page.nextCursor;
  }
  // The seed gave this customer its usual few orders besides the bench's 10,000.
  if (all.length < orderCount) throw new Error(`expected ${orderCount} orders, got ${all.length}`);
  listed = all.length;
  ordersJson = JSON.stringify(all);
}

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
const browserVersion = browser.version();

async function phonePage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  });
  // tsx compiles functions handed to page.evaluate with esbuild's keepNames helper `__name`.
  await context.addInitScript('globalThis.__name = (target) => target;');
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return { context, page };
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const stats = (list: number[]) => ({ median: median(list), min: Math.min(...list), max: Math.max(...list) });
const ms = (value: number) => `${Math.round(value)} ms`;
/** Median (min–max); runs without the figure (a browser that recorded no paint entry) are left out and counted. */
const range = (all: number[]) => {
  const list = all.filter((value) => Number.isFinite(value));
  if (list.length === 0) return 'not recorded';
  const { median: m, min, max } = stats(list);
  return `${ms(m)} (${Math.round(min)}–${Math.round(max)})${list.length < all.length ? `, ${list.length} of ${all.length} runs` : ''}`;
};

/** Every node of the document, shadow roots included (elements, text, comments). */
const countNodes = () => {
  let nodes = 0;
  let elements = 0;
  const walk = (rootNode: Node) => {
    const walker = document.createTreeWalker(rootNode, NodeFilter.SHOW_ALL);
    for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
      nodes++;
      if (node instanceof Element) {
        elements++;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
    }
  };
  walk(document);
  return { nodes, elements };
};

async function paintedAt(page: Page, url: string): Promise<{ painted: number; fcp: number }> {
  await page.goto(url);
  const painted = await page.evaluate(() => (window as unknown as { __painted: Promise<number> }).__painted);
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  );
  return { painted, fcp };
}

// (a) card: live against the API, and its own markup served static.
{
  const { context, page } = await phonePage();
  await page.goto(`${origin}/bench/card.html`);
  await page.evaluate(() => (window as unknown as { __painted: Promise<number> }).__painted);
  staticCard = await page.evaluate(() => {
    const card = document.querySelector('crm-customer-card')!;
    const shadow = card.shadowRoot!;
    const css = shadow.adoptedStyleSheets
      .flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText))
      .join('\n');
    const styles = css || [...shadow.querySelectorAll('style')].map((style) => style.textContent).join('\n');
    const attributes = [...card.attributes]
      .map((attribute) => ` ${attribute.name}="${attribute.value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`)
      .join('');
    return `<crm-customer-card${attributes}><template shadowrootmode="open"><style>${styles}</style>${shadow.innerHTML}</template></crm-customer-card>`;
  });
  await context.close();
}
const card = {
  live: [] as number[],
  static: [] as number[],
  liveFcp: [] as number[],
  staticFcp: [] as number[],
  liveWarm: [] as number[],
  staticWarm: [] as number[],
};
for (let run = 0; parts.has('card') && run < runs; run++) {
  for (const kind of ['live', 'static'] as const) {
    const { context, page } = await phonePage();
    const url = `${origin}/bench/${kind === 'live' ? 'card' : 'card-static'}.html`;
    const { painted, fcp } = await paintedAt(page, url);
    card[kind].push(painted);
    card[kind === 'live' ? 'liveFcp' : 'staticFcp'].push(fcp);
    if (process.env.CRM_BENCH_DEBUG)
      console.log(kind, Math.round(painted), await page.evaluate(() => JSON.stringify(performance.getEntries())));
    // The same page again in the same context: HTTP cache warm (a returning visit, or a webview
    // loading the bundle from the app).
    card[kind === 'live' ? 'liveWarm' : 'staticWarm'].push((await paintedAt(page, url)).painted);
    await context.close();
  }
}
const ratio = median(card.live) / median(card.static);
const warmRatio = median(card.liveWarm) / median(card.staticWarm);
console.log(`card cold: live ${range(card.live)}, static ${range(card.static)}, ratio ${ratio.toFixed(2)}`);
console.log(`card warm: live ${range(card.liveWarm)}, static ${range(card.staticWarm)}, ratio ${warmRatio.toFixed(2)}`);

// (b) order list with 10,000 orders.
const orders = {
  render: [] as number[],
  navigation: [] as number[],
  nodes: [] as number[],
  elements: [] as number[],
  rows: [] as number[],
  frame: [] as number[],
  loaf: [] as number[],
};
for (let run = 0; parts.has('orders') && run < Math.max(3, Math.ceil(runs / 3)); run++) {
  const { context, page } = await phonePage();
  const { painted } = await paintedAt(page, `${origin}/bench/orders.html`);
  const setAt = await page.evaluate(() => (window as unknown as { __ordersSetAt: number }).__ordersSetAt);
  orders.navigation.push(painted);
  orders.render.push(painted - setAt);
  const counted = await page.evaluate(countNodes);
  orders.nodes.push(counted.nodes);
  orders.elements.push(counted.elements);
  // Scroll the list's own scroller (or the page) to the end and back, one step per frame.
  const scrolled = await page.evaluate(async () => {
    const list = document.querySelector('crm-order-list')!;
    const candidates = [list, ...list.shadowRoot!.querySelectorAll('*')] as HTMLElement[];
    const scroller =
      candidates.find(
        (element) =>
          element.scrollHeight > element.clientHeight + 10 && /(auto|scroll)/.test(getComputedStyle(element).overflowY),
      ) ?? document.scrollingElement!;
    const loafs: number[] = [];
    const observer =
      typeof PerformanceObserver !== 'undefined' &&
      PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
        ? new PerformanceObserver((list) => list.getEntries().forEach((entry) => loafs.push(entry.duration)))
        : undefined;
    observer?.observe({ type: 'long-animation-frame' });
    const frames: number[] = [];
    let last = performance.now();
    const step = scroller.clientHeight * 0.8;
    let maxRows = 0;
    for (let index = 0; index < 240; index++) {
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      frames.push(now - last);
      last = now;
      scroller.scrollTop = index < 120 ? scroller.scrollTop + step * 8 : scroller.scrollTop - step;
      maxRows = Math.max(maxRows, list.shadowRoot!.querySelectorAll('[part~="order"]').length);
    }
    observer?.disconnect();
    return {
      longest: Math.max(...frames.slice(1)),
      loaf: loafs.length ? Math.max(...loafs) : 0,
      maxRows,
      reachedEnd: scroller.scrollTop > 0,
    };
  });
  orders.frame.push(scrolled.longest);
  orders.loaf.push(scrolled.loaf);
  orders.rows.push(scrolled.maxRows);
  await context.close();
}
console.log(
  `orders: render ${range(orders.render)}, nodes ${median(orders.nodes)}, longest frame ${range(orders.frame)}`,
);

// (c) requests of a page with all three elements for one customer.
let requestTable = '';
if (parts.has('requests')) {
  const { context, page } = await phonePage();
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/v1/')) seen.push(`${request.method()} ${url.pathname}${url.search}`);
  });
  await page.goto(`${origin}/bench/all.html`);
  await page.waitForFunction(() =>
    ['crm-customer-card', 'crm-order-list', 'crm-contact-log'].every((tag) => {
      const root = document.querySelector(tag)?.shadowRoot;
      return root && !root.querySelector('[aria-busy="true"]') && root.querySelector('[part~="base"]');
    }),
  );
  await page.waitForTimeout(1500);
  const counts = new Map<string, number>();
  for (const entry of seen) counts.set(entry, (counts.get(entry) ?? 0) + 1);
  requestTable = [...counts]
    .map(
      ([entry, count]) =>
        `| \`${entry.replace(/\?.*/, (query) => query.replace(/cursor=[^&]+/, 'cursor=…'))}\` | ${count} |`,
    )
    .join('\n');
  console.log(`requests: ${seen.length}`);
  await context.close();
}

await browser.close();
server.close();
await hub.stop();
await db.close();

if (parts.size === 3)
  writeBenchmarkSection(
    'bench:elements',
    `## Elements in a phone browser (\`npm run bench:elements\`)

Chromium ${browserVersion} (Debian) through playwright-core, 390 × 844 CSS px at 3× density, touch,
CPU slowed 4× (DevTools \`Emulation.setCPUThrottlingRate\`), a fresh browser context (cold cache)
per navigation; the reference API in the same process on PGlite. Median (min–max). "Painted" is the
first frame in which the element shows its data, timed in the task after that frame, from
navigation start.

**(a) Customer card, ${runs} navigations each**

| page | card painted, cold cache | first contentful paint, cold | card painted, warm cache |
| --- | --- | --- | --- |
| \`crm-widgets.iife.js\` + API (\`GET /v1/customers/${cardCustomer}\`) | ${range(card.live)} | ${range(card.liveFcp)} | ${range(card.liveWarm)} |
| the same card's markup, static (declarative shadow DOM, no JavaScript) | ${range(card.static)} | ${range(card.staticFcp)} | ${range(card.staticWarm)} |

Ratio of medians (live ÷ static): **${ratio.toFixed(2)} cold, ${warmRatio.toFixed(2)} warm** (target ≤ 1.3).

**(b) \`<crm-order-list>\` with ${listed.toLocaleString('en')} orders, ${orders.render.length} runs**

| figure | value |
| --- | --- |
| first rows painted after \`.orders\` is set | ${range(orders.render)} |
| from navigation (bundle, 10,000 orders fetched as JSON, render) | ${range(orders.navigation)} |
| DOM nodes in the page, shadow roots included (elements) | ${median(orders.nodes)} (${median(orders.elements)}) |
| most order rows in the DOM while scrolling | ${Math.max(...orders.rows)} |
| longest frame while scrolling to the end and back (240 frames) | ${range(orders.frame)} |
| longest animation frame reported by the Long Animation Frames API | ${range(orders.loaf)} |

**(c) Requests of a page with all three elements for \`${cardCustomer}\`** (until all three show data, plus 1.5 s)

| request | count |
| --- | --- |
${requestTable}

`,
  );
console.log(
  parts.size === 3
    ? 'docs/benchmarks.md updated (bench:elements).'
    : 'a partial run: docs/benchmarks.md left as it was.',
);
process.exit(0);
