// Turns located browsers (see browsers.mjs) into @web/test-runner launchers.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteerCore from 'puppeteer-core';

// This network reaches only the package registries: Chromium must not phone home.
const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebDriver exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebDriver did not listen on port ${port} within ${timeoutMs} ms`);
}

/** Keeps a child process for as long as the test run, and kills it on exit. */
function ownChild(child) {
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', kill);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => (kill(), process.exit(130)));
  return child;
}

/** Renames a launcher so the summary names the engine, not the protocol used to drive it. */
function named(launcher, name) {
  const initialize = launcher.initialize.bind(launcher);
  launcher.initialize = async (...args) => {
    await initialize(...args);
    launcher.name = name;
  };
  launcher.name = name;
  return launcher;
}

export async function createLaunchers(located) {
  const launchers = [];
  const root = process.getuid?.() === 0;
  for (const [engine, where] of Object.entries(located)) {
    if (engine === 'chromium') {
      launchers.push(
        named(
          playwrightLauncher({
            product: 'chromium',
            launchOptions: {
              executablePath: where.executablePath,
              headless: true,
              args: [...chromiumArgs, ...(root ? ['--no-sandbox'] : [])],
            },
          }),
          'Chromium',
        ),
      );
    } else if (engine === 'firefox') {
      launchers.push(
        named(
          where.via === 'playwright'
            ? playwrightLauncher({ product: 'firefox' })
            : chromeLauncher({
                puppeteer: puppeteerCore,
                launchOptions: { browser: 'firefox', executablePath: where.executablePath, headless: true },
                createPage: async ({ browser }) => withoutOrientationOverride(await browser.newPage()),
              }),
          'Firefox',
        ),
      );
    } else if (engine === 'webkit') {
      if (where.via === 'playwright') {
        launchers.push(named(playwrightLauncher({ product: 'webkit' }), 'WebKit'));
        continue;
      }
      const port = await freePort();
      const driver = ownChild(spawn(where.driver, [`--port=${port}`], { stdio: 'ignore' }));
      await waitForPort(port, driver);
      launchers.push(
        named(
          webdriverLauncher({
            automationProtocol: 'webdriver',
            hostname: '127.0.0.1',
            port,
            logLevel: 'error',
            capabilities: {
              browserName: 'cog',
              // Navigating (to a test page, or away from it to about:blank at the end of a file)
              // returns without waiting for the page to finish loading: the runner waits for the page
              // itself. WPE's driver twice in a dozen full runs never answered a navigation that
              // waited for the load (UND_ERR_HEADERS_TIMEOUT on \`url\`), failing a file whose tests
              // had all passed.
              pageLoadStrategy: 'none',
              'wdio:enforceWebDriverClassic': true,
              'wpe:browserOptions': { binary: where.browser, args: ['--automation', '--platform=headless'] },
            },
          }),
          'WebKit',
        ),
      );
    }
  }
  return launchers;
}

/**
 * puppeteer-core 24 sends WebDriver BiDi's `emulation.setScreenOrientationOverride` with every
 * `setViewport()`, next to the command that sets the viewport; Firefox ESR 140 (the version
 * Debian 12's firefox-esr package installed on this project's machines in December 2026) does not
 * know it and fails the call, so no test file could start.
 * The viewport itself is set; only that one unknown command is forgiven.
 */
function withoutOrientationOverride(page) {
  const setViewport = page.setViewport.bind(page);
  page.setViewport = async (viewport) => {
    try {
      await setViewport(viewport);
    } catch (error) {
      if (!/unknown command emulation\.setScreenOrientationOverride/.test(String(error?.message))) throw error;
    }
  };
  return page;
}
