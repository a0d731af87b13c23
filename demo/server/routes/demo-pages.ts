import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
    "require-trusted-types-for 'script'",
    'trusted-types lit-html crm-widgets',
  ].join('; ');

const noPage = (c: Context) => problem(c, 404, 'not-found', 'Not found', 'No such page.');

/** The demo pages at `/` and `/demo/`, and the bundles at `/dist/`, from the repository root. */
export function demoPageRoutes(staticRoot: string) {
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });
  // Demo pages get a fresh nonce per response, in the policy and in the page's csp-nonce meta.
  const page = async (c: Context, file: string) => {
    const nonce = randomBytes(16).toString('base64');
    const html = await readFile(join(staticRoot, 'demo', file), 'utf8').catch(() => undefined);
    if (html === undefined) return noPage(c);
    c.header('Content-Security-Policy', demoContentSecurityPolicy(nonce));
    c.header('Cache-Control', 'no-store');
    return c.html(html.replaceAll('{{CSP_NONCE}}', nonce));
  };
  app.get('/', (c) => page(c, 'index.html'));
  app.get('/demo/:file{[a-z-]+\\.html}', (c) => page(c, c.req.param('file')));
  // The demo's own files only: never the server's source, migrations or anything outside demo/.
  app.use('/demo/server/*', async (c) => noPage(c));
  app.use('/demo/*', serveStatic({ root: staticRoot }));
  app.use('/dist/*', serveStatic({ root: staticRoot }));

  return app;
}
