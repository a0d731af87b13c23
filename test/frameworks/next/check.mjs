// `npm run test:frameworks`: the packed package in a real Next.js App Router app, as a partner would
// use it. Packs crm-widgets (after `npm run build`), installs it with Next.js and React from the npm
// registry into a temporary folder, builds the app (`next build`), starts it (`next start`), loads
// the server-rendered page in full in Chromium, and checks that the customer given as an object
// property shows after hydration and that a tap on the phone reaches the page's onCrmCallRequest.
// Then the same wrapper with React 18, in a page bundled by esbuild, and Angular's strict templates
// on the event types (ngc). Too heavy for every CI run
// (installs from the npm registry, a Next.js build); prints versions and times.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { locateBrowsers } from '../../browsers.mjs';

const root = resolve(new URL('../../..', import.meta.url).pathname);
const versions = { next: process.env.NEXT_VERSION ?? '16', react: process.env.REACT_VERSION ?? '19' };
const started = Date.now();
const step = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const customer = {
  id: 'c_1042',
  name: '黄雨桐',
  company: '恒通电子股份有限公司',
  phone: '+86 138 0013 8000',
  tags: ['b2b'],
  lifetimeValue: { amount: 508075, currency: 'CNY' },
  createdAt: '2022-08-09T18:02:27.039Z',
  updatedAt: '2022-08-15T00:19:54.353Z',
};

const files = {
  'next.config.mjs': 'export default {};\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      lib: ['dom', 'dom.iterable', 'esnext'],
      strict: true,
      noEmit: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      jsx: 'preserve',
      skipLibCheck: true,
      plugins: [{ name: 'next' }],
    },
    include: ['**/*.ts', '**/*.tsx'],
  }),
  'app/layout.tsx': `export default function Layout({ children }: { children: React.ReactNode }) {
  return <html lang="en"><body>{children}</body></html>;
}
`,
  // A Server Component: the customer comes from the server, as a partner's data would.
  'app/page.tsx': `import { Panel } from './panel';
const customer = ${JSON.stringify(customer)};
export default function Page() {
  return <main><h1>Customer</h1><Panel customer={customer} /></main>;
}
`,
  'app/panel.tsx': `'use client';
import { useState } from 'react';
import type { Customer } from 'crm-widgets';
import { CustomerCard } from 'crm-widgets/react';

export function Panel({ customer }: { customer: Customer }) {
  const [called, setCalled] = useState('');
  return (
    <>
      <CustomerCard customer={customer} onCrmCallRequest={(event) => { event.preventDefault(); setCalled(event.phone); }} />
      <p id="called">{called}</p>
    </>
  );
}
`,
};

/** Opens `url` in Chromium, waits for the card to show the customer, taps the phone, waits for `#called`. */
async function checkPage(url) {
  const chromium = locateBrowsers().chromium;
  if (!chromium?.executablePath) throw new Error('no Chromium found (see npm test)');
  const browser = await puppeteer.launch({
    executablePath: chromium.executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url, { waitUntil: 'load' });
    const name = await page.waitForFunction(
      () => document.querySelector('crm-customer-card')?.shadowRoot?.querySelector('[part~="name"]')?.textContent,
      { timeout: 15_000 },
    );
    const shown = await name.jsonValue();
    if (shown !== customer.name) throw new Error(`the card shows ${JSON.stringify(shown)}, not the customer`);
    await page.evaluate(() =>
      document.querySelector('crm-customer-card').shadowRoot.querySelector('[part~="phone"]').click(),
    );
    await page.waitForFunction(
      (phone) => document.querySelector('#called')?.textContent === phone,
      { timeout: 5000 },
      customer.phone,
    );
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
}

/**
 * React 18, which sets only attributes on bare custom elements: the wrapper in a page bundled by
 * esbuild, given an object property and an event prop.
 */
async function checkReact18(tarball, work) {
  const app = join(work, 'react18');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'crm-react18-check', private: true }));
  writeFileSync(
    join(app, 'src/main.tsx'),
    `import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CustomerCard } from 'crm-widgets/react';
const customer = ${JSON.stringify(customer)};
function App() {
  const [called, setCalled] = useState('');
  return (
    <>
      <CustomerCard customer={customer} onCrmCallRequest={(event) => { event.preventDefault(); setCalled(event.phone); }} />
      <p id="called">{called}</p>
    </>
  );
}
createRoot(document.getElementById('root')!).render(<App />);
`,
  );
  step('installing react@18 and the packed crm-widgets');
  run('npm', ['install', '--no-audit', '--no-fund', 'react@18', 'react-dom@18', `../${tarball}`], app);
  const installed = JSON.parse(readFileSync(join(app, 'node_modules/react/package.json'), 'utf8')).version;
  step(`react ${installed}: bundling the page with esbuild`);
  const result = await build({
    entryPoints: [join(app, 'src/main.tsx')],
    absWorkingDir: app,
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const page = '<!doctype html><div id="root"></div><script type="module" src="/main.js"></script>';
  const server = createServer((request, response) => {
    const script = request.url === '/main.js';
    response.writeHead(200, { 'Content-Type': script ? 'text/javascript' : 'text/html' });
    response.end(script ? result.outputFiles[0].text : page);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  try {
    await checkPage(`http://127.0.0.1:${server.address().port}/`);
    step(
      'ok: with React 18 the card shows the customer given as an object property, and onCrmCallRequest hears the tap',
    );
  } finally {
    server.close();
  }
}

/**
 * Angular with strict templates and CUSTOM_ELEMENTS_SCHEMA: `$event` of `(crm-call-request)` is a
 * CrmCallRequestEvent (from the package's GlobalEventHandlersEventMap), and a wrong field fails.
 */
async function checkAngular(tarball, work) {
  const app = join(work, 'angular');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'crm-angular-check', private: true }));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ES2022',
        moduleResolution: 'bundler',
        lib: ['ES2022', 'DOM'],
        strict: true,
        skipLibCheck: true,
        outDir: 'out',
      },
      angularCompilerOptions: { strictTemplates: true },
      files: ['src/customer.component.ts'],
    }),
  );
  const component = (handler) => `import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import type { CrmCallRequestEvent } from 'crm-widgets';

@Component({
  selector: 'app-customer',
  standalone: true,
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: \`<crm-customer-card customer-id="c_1042" (crm-call-request)="${handler}"></crm-customer-card>\`,
})
export class CustomerComponent {
  called = '';
  onCall(event: CrmCallRequestEvent) {
    event.preventDefault();
    this.called = event.phone;
  }
}
`;
  step('installing Angular 21 and the packed crm-widgets');
  const angular = ['core', 'common', 'compiler', 'compiler-cli', 'platform-browser'].map(
    (name) => `@angular/${name}@21`,
  );
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', ...angular, 'rxjs', 'tslib', 'typescript@5.9', `../${tarball}`],
    app,
  );
  const ngc = (handler) => {
    writeFileSync(join(app, 'src/customer.component.ts'), component(handler));
    try {
      execFileSync(join(app, 'node_modules/.bin/ngc'), ['-p', 'tsconfig.json'], {
        cwd: app,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      return '';
    } catch (error) {
      return `${error.stdout}${error.stderr}` || 'ngc failed';
    }
  };
  const good = ngc('onCall($event)');
  if (good) throw new Error(`Angular rejects a typed handler:\n${good}`);
  const wrong = ngc('called = $event.number');
  if (!/Property 'number' does not exist on type 'CrmCallRequestEvent'/.test(wrong)) {
    throw new Error(`Angular took a wrong event field:\n${wrong}`);
  }
  step('ok: Angular types $event as CrmCallRequestEvent under strict templates, and rejects a wrong field');
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'crm-next-'));
  let server;
  try {
    step(`packing crm-widgets (${root})`);
    const tarball = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], root))[0]
      .filename;
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'crm-next-check', private: true }));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(work, name, '..'), { recursive: true });
      writeFileSync(join(work, name), text);
    }
    step(`installing next@${versions.next}, react@${versions.react} and the packed crm-widgets`);
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        `next@${versions.next}`,
        `react@${versions.react}`,
        `react-dom@${versions.react}`,
        `@types/react@${versions.react}`,
        'typescript',
        `./${tarball}`,
      ],
      work,
    );
    const installed = (name) =>
      JSON.parse(readFileSync(join(work, 'node_modules', name, 'package.json'), 'utf8')).version;
    step(`next ${installed('next')}, react ${installed('react')}, react-dom ${installed('react-dom')}: next build`);
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
    execFileSync(join(work, 'node_modules/.bin/next'), ['build'], { cwd: work, stdio: 'inherit', env });
    const port = 3000 + Math.floor(Math.random() * 1000);
    step(`next start on port ${port}`);
    server = spawn(join(work, 'node_modules/.bin/next'), ['start', '-p', String(port)], {
      cwd: work,
      env,
      stdio: 'ignore',
    });
    const url = `http://127.0.0.1:${port}/`;
    for (let tries = 0; ; tries++) {
      if (
        await fetch(url).then(
          (response) => response.ok,
          () => false,
        )
      )
        break;
      if (tries > 120) throw new Error('next start did not answer');
      await new Promise((done) => setTimeout(done, 250));
    }
    const html = await (await fetch(url)).text();
    if (!html.includes('<crm-customer-card')) throw new Error('the server-rendered page has no <crm-customer-card>');
    step('loading the page in Chromium');
    await checkPage(url);
    step(
      'ok: the server-rendered card shows the customer after hydration, and its call request reached onCrmCallRequest',
    );
    server.kill();
    server = undefined;
    await checkReact18(tarball, work);
    await checkAngular(tarball, work);
  } finally {
    server?.kill();
    if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`Framework check failed: ${error.message}`);
  process.exit(1);
});
