// `npm run screenshots`: the demo page's card at phone width (375 px, 3x) in light, dark and
// zh-CN, from the reference API with seeded data, into test-results/screenshots/. Uses Debian's
// (or CHROME_PATH's) Chromium through playwright-core; nothing is downloaded.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { locateBrowsers } from './browsers.mjs';
import { startReferenceApi } from './reference-api.mjs';

const { chromium: where } = locateBrowsers();
if (!where?.executablePath) throw new Error('No Chromium found (set CHROME_PATH or apt-get install chromium).');
const api = await startReferenceApi();
const browser = await chromium.launch({
  executablePath: where.executablePath,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
});
mkdirSync('test-results/screenshots', { recursive: true });
const shots = [
  { name: 'card-light-en', query: 'customer=c_1042&locale=en', colorScheme: 'light' },
  { name: 'card-dark-en', query: 'customer=c_1042&locale=en', colorScheme: 'dark' },
  { name: 'card-light-zh-CN', query: 'customer=c_1042&locale=zh-CN', colorScheme: 'light' },
  { name: 'card-dark-zh-CN-forced', query: 'customer=c_1042&locale=zh-CN&theme=dark', colorScheme: 'light' },
];
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: 375, height: 640 }, deviceScaleFactor: 3, colorScheme: shot.colorScheme });
    await page.goto(`${api.url}?${shot.query}`);
    await page.waitForFunction(() => document.querySelector('crm-customer-card')?.shadowRoot?.querySelector('[part="details"]'));
    const file = `test-results/screenshots/${shot.name}.png`;
    await page.locator('crm-customer-card').screenshot({ path: file });
    console.log(file);
    await page.close();
  }
} finally {
  await browser.close();
  api.stop();
}
