import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { problem } from '../problem.js';

/**
 * The policy the demo pages are served under: the strict one the SDK promises to render under
 * (no inline script or style, Trusted Types limited to Lit's policy and the SDK's own). The style
 * nonce is only for browsers without constructable stylesheets (Safari < 16.4), where Lit falls
 * back to `<style>` elements; the page publishes it in `<meta property="csp-nonce">`.
 */
export const demoContentSecurityPolicy = (nonce: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html crm-widgets',
  ].join('; ');

const noPage = (c: Context) => problem(c, 404, 'not-found', 'Not found', 'No such page.');

/** A year: what a bundle whose URL names its content may be cached for. */
const immutable = 'public, max-age=31536000, immutable';

/**
 * Versions of the bundles by content: the first 16 characters of the file's SHA-256 (base64url),
 * remembered until the file changes. A page links `dist/<file>?v=<version>`, so a new build is a
 * new URL and the old one can be cached for good.
 */
function bundleVersions(staticRoot: string) {
  const known = new Map<string, { mtimeMs: number; version: string }>();
  return async (file: string): Promise<string | undefined> => {
    const path = join(staticRoot, 'dist', file);
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    const hit = known.get(file);
    if (hit?.mtimeMs === stats.mtimeMs) return hit.version;
    const version = createHash('sha256')
      .update(await readFile(path))
      .digest('base64url')
      .slice(0, 16);
    known.set(file, { mtimeMs: stats.mtimeMs, version });
    return version;
  };
}

/** The demo pages at `/` and `/demo/`, and the bundles at `/dist/`, from the repository root. */
export function demoPageRoutes(staticRoot: string) {
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  const versionOf = bundleVersions(staticRoot);
  // Demo pages get a fresh nonce per response, in the policy and in the page's csp-nonce meta.
  const page = async (c: Context, file: string) => {
    const nonce = randomBytes(16).toString('base64');
    const html = await readFile(join(staticRoot, 'demo', file), 'utf8').catch(() => undefined);
    if (html === undefined) return noPage(c);
    c.header('Content-Security-Policy', demoContentSecurityPolicy(nonce));
    c.header('Cache-Control', 'no-store');
    const bundle = (await versionOf('crm-widgets.iife.js')) ?? 'missing';
    return c.html(html.replaceAll('{{CSP_NONCE}}', nonce).replaceAll('{{BUNDLE_VERSION}}', bundle));
  };
  app.get('/', (c) => page(c, 'index.html'));
  app.get('/demo/:file{[a-z-]+\\.html}', (c) => page(c, c.req.param('file')));
  // The demo's own files only: never the server's source, migrations or anything outside demo/.
  app.use('/demo/server/*', async (c) => noPage(c));
  app.use('/demo/*', serveStatic({ root: staticRoot }));
  // A bundle asked for by its current version (`?v=`) is cached for a year; any other request for
  // it (no version, an old one) is revalidated, so a stale URL never pins old code.
  app.use('/dist/*', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    const version = await versionOf(c.req.path.slice('/dist/'.length));
    c.header('Cache-Control', version && c.req.query('v') === version ? immutable : 'no-cache');
  });
  app.use('/dist/*', serveStatic({ root: staticRoot }));

  return app;
}
