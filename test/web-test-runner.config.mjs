// @web/test-runner: component and end-to-end tests in Chromium, WebKit and Firefox.
// Run through `npm test` (which builds first and installs missing engines), or alone with
// `npm run test:browser`. CRM_BROWSERS=chromium narrows the engines.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { describeBrowser, ensureBrowsers } from './browsers.mjs';
import { countReporter } from './count-reporter.mjs';
import { createLaunchers } from './launchers.mjs';
import { startReferenceApi } from './reference-api.mjs';

const located = ensureBrowsers();
for (const [engine, where] of Object.entries(located)) console.log(`  ${describeBrowser(engine, where)}`);
const [browsers, api] = await Promise.all([createLaunchers(located), startReferenceApi()]);
console.log(`  reference API: ${api.url}`);

export default {
  files: ['test/**/*.test.ts', '!test/server/**'],
  nodeResolve: true,
  // Safari/iOS 16 is the floor: compile test and source code for it (no class static blocks).
  plugins: [esbuildPlugin({ ts: true, target: 'es2021', tsconfig: 'tsconfig.json' })],
  browsers,
  concurrency: 2,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
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
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter({ outFile: 'test-results/browser.json' })],
};
