// Finds the three engines the tests run in, and installs Debian's packages for missing ones when it
// can. Order for each engine: an environment override, Playwright's own installed browser, then
// Debian's path. Nothing here downloads a browser.
//
//   engine    env override                          Playwright      Debian (apt)
//   chromium  CHROME_PATH or CHROMIUM_PATH          chromium        /usr/bin/chromium           (chromium)
//   firefox   FIREFOX_PATH                          firefox         /usr/bin/firefox-esr        (firefox-esr)
//   webkit    WPE_WEBDRIVER_PATH + COG_PATH          webkit          /usr/bin/WPEWebDriver + cog (wpewebkit-driver cog)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, firefox, webkit } from 'playwright-core';

export const engines = ['chromium', 'webkit', 'firefox'];

const debian = {
  chromium: { packages: ['chromium'], paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'] },
  firefox: { packages: ['firefox-esr'], paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'] },
  webkit: { packages: ['wpewebkit-driver', 'cog'], driver: '/usr/bin/WPEWebDriver', browser: '/usr/bin/cog' },
};

const howToGet = {
  chromium:
    'set CHROME_PATH, or `apt-get install chromium`, or `npx playwright install chromium` where downloads are allowed',
  firefox:
    'set FIREFOX_PATH, or `apt-get install firefox-esr`, or `npx playwright install firefox` where downloads are allowed',
  webkit:
    'set WPE_WEBDRIVER_PATH and COG_PATH, or `apt-get install wpewebkit-driver cog`, or `npx playwright install webkit` where downloads are allowed',
};

function playwrightPath(browserType) {
  try {
    const path = browserType.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Where each engine is, and how it will be driven; `undefined` for an engine not found. */
export function locateBrowsers(env = process.env) {
  const found = {};
  // Chromium
  const chromeEnv = env.CHROME_PATH || env.CHROMIUM_PATH;
  if (chromeEnv) found.chromium = { via: 'env', executablePath: chromeEnv };
  else if (playwrightPath(chromium)) found.chromium = { via: 'playwright', executablePath: playwrightPath(chromium) };
  else {
    const path = debian.chromium.paths.find(existsSync);
    if (path) found.chromium = { via: 'debian', executablePath: path };
  }
  // Firefox
  if (env.FIREFOX_PATH) found.firefox = { via: 'env', executablePath: env.FIREFOX_PATH };
  else if (playwrightPath(firefox)) found.firefox = { via: 'playwright' };
  else {
    const path = debian.firefox.paths.find(existsSync);
    if (path) found.firefox = { via: 'debian', executablePath: path };
  }
  // WebKit
  if (env.WPE_WEBDRIVER_PATH) {
    found.webkit = { via: 'env', driver: env.WPE_WEBDRIVER_PATH, browser: env.COG_PATH || debian.webkit.browser };
  } else if (playwrightPath(webkit)) found.webkit = { via: 'playwright' };
  else if (existsSync(debian.webkit.driver) && existsSync(debian.webkit.browser)) {
    found.webkit = { via: 'debian', driver: debian.webkit.driver, browser: debian.webkit.browser };
  }
  for (const [engine, where] of Object.entries(found)) {
    const path = where.executablePath ?? where.driver;
    if (path && !existsSync(path)) throw new Error(`${engine}: ${path} (from ${where.via}) does not exist.`);
  }
  return found;
}

function canInstallFromDebian() {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

function aptInstall(packages) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: 'inherit', env });
  if (install().status === 0) return true;
  spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  return install().status === 0;
}

/**
 * Locates the engines wanted (`CRM_BROWSERS=chromium,firefox` narrows them) and installs the
 * Debian packages of missing ones when running as root on Debian. Under `CI=true` every engine is
 * required. Returns the located engines and names the skipped ones.
 */
export function ensureBrowsers({ env = process.env, log = console.log } = {}) {
  const wanted = (env.CRM_BROWSERS ? env.CRM_BROWSERS.split(',').map((name) => name.trim()) : engines).filter(Boolean);
  for (const name of wanted) {
    if (!engines.includes(name)) throw new Error(`CRM_BROWSERS: unknown engine "${name}" (use ${engines.join(', ')}).`);
  }
  let found = locateBrowsers(env);
  const missing = wanted.filter((name) => !found[name]);
  if (missing.length > 0 && canInstallFromDebian() && env.CRM_NO_INSTALL !== '1') {
    const packages = missing.flatMap((name) => debian[name].packages);
    log(
      `Installing the missing browsers' Debian packages (${missing.join(', ')}): apt-get install ${packages.join(' ')}`,
    );
    if (!aptInstall(packages)) log('apt-get could not install them.');
    found = locateBrowsers(env);
  }
  const skipped = wanted.filter((name) => !found[name]);
  for (const name of skipped) log(`Skipping ${name}: not found. To run it, ${howToGet[name]}.`);
  if (skipped.length > 0 && env.CI === 'true') {
    throw new Error(`CI requires every engine; missing: ${skipped.join(', ')}.`);
  }
  const selected = Object.fromEntries(wanted.filter((name) => found[name]).map((name) => [name, found[name]]));
  if (Object.keys(selected).length === 0) throw new Error('No browser to test in.');
  return selected;
}

/** Versions, for the run's log. */
export function describeBrowser(engine, where) {
  const binary = where.executablePath ?? where.browser;
  let versionText = '';
  if (binary) {
    try {
      versionText = execFileSync(binary, ['--version'], {
        encoding: 'utf8',
        timeout: 10_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      versionText = '';
    }
  }
  return `${engine}: ${where.via}${binary ? ` ${binary}` : ''}${versionText ? ` (${versionText.split('\n')[0]})` : ''}`;
}
