// `npm run screenshots`: each element of the demo page (card, order list, contact log) at phone
// width (375 px, 3x) in light, dark and zh-CN, from the reference API with seeded data, into
// test-results/screenshots/. Uses Debian's
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
  { name: 'light-en', query: 'customer=c_1042&locale=en', colorScheme: 'light' },
  { name: 'dark-en', query: 'customer=c_1042&locale=en', colorScheme: 'dark' },
  { name: 'light-zh-CN', query: 'customer=c_1042&locale=zh-CN', colorScheme: 'light' },
  { name: 'dark-zh-CN-forced', query: 'customer=c_1042&locale=zh-CN&theme=dark', colorScheme: 'light' },
  { name: 'light-en-rtl', query: 'customer=c_1042&locale=en&dir=rtl', colorScheme: 'light' },
];
/** Each element and the part that shows it has its data. */
const elements = [
  ['crm-customer-card', '[part~="details"]'],
  ['crm-order-list', '[part~="order"]'],
  ['crm-contact-log', '[part~="entry"]'],
];
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 3, colorScheme: shot.colorScheme });
    await page.goto(`${api.url}?${shot.query}`);
    for (const [tag, ready] of elements) {
      // The order list renders only rows on screen (virtualised): scroll each element into view.
      await page.locator(tag).scrollIntoViewIfNeeded();
      await page.waitForFunction(([tag, ready]) => document.querySelector(tag)?.shadowRoot?.querySelector(ready), [tag, ready]);
      const file = `test-results/screenshots/${tag.replace('crm-', '')}-${shot.name}.png`;
      await page.locator(tag).screenshot({ path: file });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  api.stop();
}
