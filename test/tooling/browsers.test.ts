import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error -- plain ESM tooling module without types
import { ensureBrowsers, locateBrowsers } from '../browsers.mjs';

describe('browser discovery', () => {
  it('prefers the environment override over every other location', () => {
    const found = locateBrowsers({ CHROME_PATH: process.execPath, FIREFOX_PATH: process.execPath });
    assert.deepEqual(found.chromium, { via: 'env', executablePath: process.execPath });
    assert.deepEqual(found.firefox, { via: 'env', executablePath: process.execPath });
  });

  it('refuses an override that points nowhere instead of silently skipping', () => {
    assert.throws(() => locateBrowsers({ CHROME_PATH: '/nonexistent/chrome' }), /does not exist/);
  });

  it('names an unknown engine in CRM_BROWSERS', () => {
    assert.throws(
      () => ensureBrowsers({ env: { CRM_BROWSERS: 'chromium,safari', CRM_NO_INSTALL: '1' }, log: () => undefined }),
      /unknown engine "safari"/,
    );
  });

  it('narrows the run to the engines asked for', () => {
    const selected = ensureBrowsers({
      env: { CRM_BROWSERS: 'chromium', CHROME_PATH: process.execPath, CRM_NO_INSTALL: '1' },
      log: () => undefined,
    });
    assert.deepEqual(Object.keys(selected), ['chromium']);
  });
});
