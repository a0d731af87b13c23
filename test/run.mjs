// `npm test`: makes sure the browsers are there (installing Debian's packages when it can), then
// lint and type checks, the build (the end-to-end tests load the built bundles), the size budgets,
// the server tests (node:test) and the browser tests (@web/test-runner in Chromium, WebKit and
// Firefox). Ends with one plain "N passed, N failed" line for every suite together, also written
// to test-results/summary.json.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describeBrowser, ensureBrowsers } from './browsers.mjs';

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function run(label, command, args, { capture = false } = {}) {
  console.log(`\n── ${label}: ${[command, ...args].join(' ')}`);
  const since = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
      env: process.env,
    });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code, signal) => {
      console.log(`── ${label}: ${code === 0 ? 'ok' : `failed (${signal ?? code})`} in ${seconds(since)}`);
      resolve({ ok: code === 0, output });
    });
  });
}

const counts = (output, key) => Number(new RegExp(`^\\S*\\s*${key} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);

let located;
try {
  located = ensureBrowsers();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
for (const [engine, where] of Object.entries(located)) console.log(describeBrowser(engine, where));
if (process.env.CRM_TEST_DATABASE_URL) {
  console.log('server tests: on PGlite and on the PostgreSQL in CRM_TEST_DATABASE_URL');
} else if (process.env.CI === 'true') {
  console.error('CI requires CRM_TEST_DATABASE_URL (a PostgreSQL server) so the server tests run on both engines.');
  process.exit(1);
} else {
  console.log('server tests: on PGlite only (set CRM_TEST_DATABASE_URL=postgres://… to run them on PostgreSQL too)');
}

const npx = (...args) => ['npx', ['--no-install', ...args]];
for (const [label, [command, args]] of [
  ['lint', ['npm', ['run', '--silent', 'lint']]],
  ['build', ['npm', ['run', '--silent', 'build']]],
  ['size budgets', ['npm', ['run', '--silent', 'size']]],
]) {
  if (!(await run(label, command, args)).ok) {
    console.error(`\n${label} failed: no tests ran.\n0 passed, 1 failed`);
    process.exit(1);
  }
}

const server = await run(
  'node tests',
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...nodeTestFiles()],
  { capture: true },
);
const serverCounts = { passed: counts(server.output, 'pass'), failed: counts(server.output, 'fail') };
if (!server.ok && serverCounts.failed === 0) serverCounts.failed = 1;

rmSync('test-results/browser.json', { force: true });
const browser = await run('browser tests', ...npx('web-test-runner', '--config', 'test/web-test-runner.config.mjs'));
let browsers = {};
try {
  browsers = JSON.parse(readFileSync('test-results/browser.json', 'utf8')).browsers;
} catch {
  browsers = {};
}
const browserCounts = Object.values(browsers).reduce(
  (sum, c) => ({ passed: sum.passed + c.passed, failed: sum.failed + c.failed }),
  { passed: 0, failed: 0 },
);
if (!browser.ok && browserCounts.failed === 0) browserCounts.failed = 1;

const total = {
  passed: serverCounts.passed + browserCounts.passed,
  failed: serverCounts.failed + browserCounts.failed,
};
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/summary.json', `${JSON.stringify({ server: serverCounts, browsers, total }, null, 2)}\n`);

console.log(`\nNode tests (server, tooling): ${serverCounts.passed} passed, ${serverCounts.failed} failed`);
for (const [name, c] of Object.entries(browsers)) console.log(`${name}: ${c.passed} passed, ${c.failed} failed`);
console.log(`npm test took ${seconds(started)}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed === 0 && server.ok && browser.ok ? 0 : 1);

function nodeTestFiles() {
  // node 20's --test takes no globs: list the server and tooling test files here.
  return ['test/server', 'test/tooling'].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => `${dir}/${name}`),
  );
}
