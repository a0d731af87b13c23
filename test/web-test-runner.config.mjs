// @web/test-runner: component and end-to-end tests in Chromium, WebKit and Firefox.
// Run through `npm test` (which builds first and installs missing engines), or alone with
// `npm run test:browser`. CRM_BROWSERS=chromium narrows the engines.
import { fromRollup } from '@web/dev-server-rollup';
import { minifyTemplates } from '../rollup.config.mjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { describeBrowser, ensureBrowsers } from './browsers.mjs';
import { countReporter } from './count-reporter.mjs';
import { reactAsEsm } from './react-esm.mjs';
import { createLaunchers, freePort } from './launchers.mjs';
import { startReferenceApi } from './reference-api.mjs';
import { faultyApis } from './faulty-api.mjs';
import { forward } from './proxy.mjs';

const located = ensureBrowsers();
for (const [engine, where] of Object.entries(located)) console.log(`  ${describeBrowser(engine, where)}`);
// The test pages' origin, which the reference API must allow (CORS) for the cross-origin tests.
const port = await freePort();
const [browsers, api] = await Promise.all([
  createLaunchers(located),
  startReferenceApi({ allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`] }),
]);
console.log(`  reference API: ${api.url}`);

/**
 * Serves the reference API (and its demo page) under /reference/ on the test server's own origin,
 * so a test can frame the demo page and look inside it.
 */
async function referenceProxy(ctx, next) {
  const prefix = '/reference/';
  if (!ctx.url.startsWith(prefix)) return next();
  await forward(ctx, new URL(ctx.url.slice(prefix.length), api.url));
}

const faulty = faultyApis();

export default {
  files: ['test/**/*.test.ts', '!test/server/**', '!test/tooling/**'],
  port,
  nodeResolve: true,
  middleware: [referenceProxy, faulty.middleware],
  // Safari/iOS 16 is the floor: compile test and source code for it (no class static blocks).
  // The SDK's templates and CSS are minified as every build minifies them (the source is written
  // readably, with line breaks and indentation the shipped code does not have): tests run what ships.
  plugins: [
    fromRollup(minifyTemplates)(),
    reactAsEsm(),
    faulty.plugin,
    esbuildPlugin({ ts: true, target: 'es2021', tsconfig: 'tsconfig.json' }),
  ],
  browsers,
  // One page at a time per browser: a second page is a background tab, whose timers Firefox
  // throttles (a run of two files took 70 s instead of 10 s, and tests timed out).
  concurrency: 1,
  // Firefox starts while the other two engines keep both cores busy; once in five CI runs it had not
  // started its first file within 60 s, and the runner gave up on every engine.
  browserStartTimeout: 180_000,
  testsStartTimeout: 180_000,
  // A file may take minutes on a busy machine (the fault tests start and restart an API of their own).
  testsFinishTimeout: 240_000,
  testFramework: { config: { timeout: 10_000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <script>
      // nanostores reads process.env.NODE_ENV at run time; bundles replace it, test pages define it.
      window.process = { env: { NODE_ENV: 'development' } };
      window.__crmTest = ${JSON.stringify({ apiUrl: api.url })};
    </script>
  </head>
  <body>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  reporters: [
    defaultReporter(),
    summaryReporter({ flatten: false }),
    countReporter({ outFile: 'test-results/browser.json' }),
  ],
};
