// A @web/test-runner reporter that counts tests per browser and writes them to a JSON file, so
// `npm test` can print one plain "N passed, N failed" line for every suite together.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

function walk(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) walk(child, counts);
}

export function countReporter({ outFile }) {
  return {
    onTestRunFinished({ sessions }) {
      const browsers = {};
      for (const session of sessions) {
        const counts = (browsers[session.browser.name] ??= { passed: 0, failed: 0, skipped: 0, files: 0 });
        counts.files += 1;
        const before = counts.passed + counts.failed + counts.skipped;
        if (session.testResults) walk(session.testResults, counts);
        // A file that failed to load, or failed outside a test, counts as one failure.
        const ran = counts.passed + counts.failed + counts.skipped - before;
        if (!session.passed && (ran === 0 || (session.errors?.length ?? 0) > 0)) counts.failed += 1;
      }
      mkdirSync(dirname(outFile), { recursive: true });
      writeFileSync(outFile, `${JSON.stringify({ browsers }, null, 2)}\n`);
      const line = Object.entries(browsers)
        .map(([name, c]) => `${name} ${c.passed} passed, ${c.failed} failed`)
        .join('; ');
      console.log(`\nBrowser tests: ${line}`);
    },
  };
}
