// `npm run screenshots`: each element of the demo page (card, order list, contact log, insights) at phone
// width (375 px, 3x) in light, dark and zh-CN, and the whole webview host page as a phone shows it
// (375 × 812 at 3x, 412 × 915 at 2.625x; driven by a simulated React Native host), from the
// reference API with seeded data, into test-results/screenshots/. Uses Debian's
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
  args: [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ],
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
  ['crm-customer-insights', '[part~="segment"]'],
];
try {
  for (const shot of shots) {
    const page = await browser.newPage({
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 3,
      colorScheme: shot.colorScheme,
    });
    await page.goto(`${api.url}?${shot.query}`);
    for (const [tag, ready] of elements) {
      // The order list renders only rows on screen (virtualised): scroll each element into view.
      await page.locator(tag).scrollIntoViewIfNeeded();
      await page.waitForFunction(
        ([tag, ready]) => document.querySelector(tag)?.shadowRoot?.querySelector(ready),
        [tag, ready],
      );
      const file = `test-results/screenshots/${tag.replace('crm-', '')}-${shot.name}.png`;
      await page.locator(tag).screenshot({ path: file });
      console.log(file);
    }
    await page.close();
  }
  // The webview host page, full screen on two phones, as a native app configures it.
  const phones = [
    { name: '375x812', viewport: { width: 375, height: 812 }, deviceScaleFactor: 3 },
    { name: '412x915', viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625 },
  ];
  const configs = [
    { name: 'light-en', locale: 'en', theme: 'light' },
    { name: 'dark-zh-CN', locale: 'zh-CN', theme: 'dark' },
  ];
  for (const phone of phones) {
    for (const config of [...configs, { name: 'offline-en', locale: 'en', theme: 'light', offline: true }]) {
      const context = await browser.newContext({
        ...phone,
        viewport: phone.viewport,
        isMobile: true,
        hasTouch: true,
        colorScheme: config.theme,
      });
      const page = await context.newPage();
      // A stand-in for the app: its channel exists before the page loads, like React Native's.
      await page.addInitScript((config) => {
        const answer = (message) => setTimeout(() => window.CrmWidgets.bridge.receive(JSON.stringify(message)));
        window.ReactNativeWebView = {
          postMessage(text) {
            const message = JSON.parse(text);
            if (message.type === 'ready') {
              answer({
                v: 1,
                type: 'config',
                payload: {
                  baseUrl: new URL('/', location.href).href,
                  customerId: 'c_1042',
                  locale: config.locale,
                  theme: config.theme,
                },
              });
            } else if (message.type === 'token-request') {
              fetch('/v1/auth/demo-token', { method: 'POST', body: '{}' })
                .then((response) => response.json())
                .then(({ token }) => answer({ v: 1, type: 'token', id: message.id, payload: { token } }));
            }
          },
        };
        if (config.offline)
          window.addEventListener('load', () => setTimeout(() => answer({ v: 1, type: 'offline' }), 1500));
      }, config);
      await page.goto(`${api.url}demo/webview.html`);
      await page.waitForFunction(() =>
        document.querySelector('crm-customer-card')?.shadowRoot?.querySelector('[part~="details"]'),
      );
      await page.waitForFunction(() =>
        document.querySelector('crm-contact-log')?.shadowRoot?.querySelector('[part~="entry"]'),
      );
      if (config.offline) await page.waitForFunction(() => document.documentElement.hasAttribute('data-crm-offline'));
      // Screen by screen, as a phone shows it (the virtualised order list renders rows on screen only).
      const screens = await page.evaluate(() =>
        Math.min(4, Math.ceil(document.documentElement.scrollHeight / innerHeight)),
      );
      for (let screen = 0; screen < (config.offline ? 1 : screens); screen++) {
        await page.evaluate((screen) => window.scrollTo(0, screen * innerHeight * 0.9), screen);
        await page.waitForTimeout(400);
        const file = `test-results/screenshots/webview-${phone.name}-${config.name}-${screen + 1}.png`;
        await page.screenshot({ path: file });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  api.stop();
}
