// The demo server as a real one serves (issue #15): compressed JSON and bundles, an uncompressed
// event stream, long-lived caching only for a bundle asked for by its content version, and the
// demo page's policy and deferred bundle.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createApp } from '../../demo/server/app.js';
import { createTokenSigner } from '../../demo/server/auth.js';
import { secret, startTestApi, type TestApi } from './harness.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundleBuilt = existsSync(`${root}dist/crm-widgets.iife.js`);

describe('the demo server', () => {
  let api: TestApi;
  let app: ReturnType<typeof createApp>;
  let token: string;
  before(async () => {
    api = await startTestApi('pglite', { customers: 5 });
    app = createApp({ db: api.db, hub: api.hub, signer: createTokenSigner(secret), demo: true, staticRoot: root });
    token = await api.token();
  });
  after(() => api.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(path, {
      headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip, deflate', ...headers },
    });

  it('gzips JSON answers for a client that accepts it', async () => {
    const response = await get('/v1/customers?limit=20');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Encoding'), 'gzip');
    assert.match(response.headers.get('Vary') ?? '', /Accept-Encoding/);
    const body = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')) as {
      data: unknown[];
    };
    assert.equal(body.data.length, 5);
  });

  it('sends brotli to a client that accepts it, and gzip to one that refuses it with q=0', async () => {
    const response = await get('/v1/customers?limit=20', { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(response.headers.get('Content-Encoding'), 'br');
    assert.match(response.headers.get('Vary') ?? '', /Accept-Encoding/);
    assert.equal(response.headers.get('Content-Length'), null);
    const body = JSON.parse(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString('utf8')) as {
      data: unknown[];
    };
    assert.equal(body.data.length, 5);
    const refused = await get('/v1/customers?limit=20', { 'Accept-Encoding': 'gzip, br;q=0' });
    assert.equal(refused.headers.get('Content-Encoding'), 'gzip');
    const plain = await get('/v1/customers?limit=20', { 'Accept-Encoding': 'identity' });
    assert.equal(plain.headers.get('Content-Encoding'), null);
  });

  it('keeps a record’s ETag strong (sent uncompressed), so a save with If-Match still matches', async () => {
    const first = await get('/v1/customers?limit=1', { 'Accept-Encoding': 'identity' });
    const [customer] = ((await first.json()) as { data: { id: string }[] }).data;
    const path = `/v1/customers/${customer!.id}`;
    // Over compress()'s 1 KiB threshold: a long name and twenty long tags.
    const tags = Array.from({ length: 20 }, (_, index) => `${'t'.repeat(37)}${String(index).padStart(3, '0')}`);
    const etagOf = async () => (await get(path, { 'Accept-Encoding': 'identity' })).headers.get('ETag')!;
    const patch = (ifMatch: string, body: object) =>
      app.request(path, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': ifMatch },
        body: JSON.stringify(body),
      });
    assert.equal((await patch(await etagOf(), { name: 'N'.repeat(200), tags })).status, 200);
    const record = await get(path, { 'Accept-Encoding': 'gzip, br' });
    assert.ok(Number((await record.clone().arrayBuffer()).byteLength) > 1024);
    assert.equal(record.headers.get('Content-Encoding'), null);
    const etag = record.headers.get('ETag')!;
    assert.match(etag, /^"/);
    assert.equal((await patch(etag, { name: 'Renamed' })).status, 200);
  });

  it('does not compress the event stream, whose first bytes arrive at once', async () => {
    const response = await get('/v1/events');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Encoding'), null);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    assert.match(new TextDecoder().decode(value), /^retry: 3000/);
    await reader.cancel();
  });

  it('serves the page under a policy with form-action, loading the bundle deferred by its content version', async () => {
    const response = await get('/');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Security-Policy') ?? '', /form-action 'self'/);
    const html =
      response.headers.get('Content-Encoding') === 'gzip'
        ? gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')
        : await response.text();
    const script = /<script src="dist\/crm-widgets\.iife\.js\?v=([^"]+)" defer><\/script>/.exec(html);
    assert.ok(script, 'the bundle is loaded with defer and a version');
    if (bundleBuilt) assert.match(script[1]!, /^[\w-]{16}$/);
  });

  it(
    'caches a bundle for a year only when asked for by its current version',
    { skip: !bundleBuilt && 'dist/ is not built (npm run build)' },
    async () => {
      const html = await (await get('/', { 'Accept-Encoding': 'identity' })).text();
      const version = /crm-widgets\.iife\.js\?v=([^"]+)"/.exec(html)![1]!;
      const current = await get(`/dist/crm-widgets.iife.js?v=${version}`);
      assert.equal(current.status, 200);
      assert.equal(current.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
      assert.equal(current.headers.get('Content-Encoding'), 'gzip');
      const brotli = await get(`/dist/crm-widgets.iife.js?v=${version}`, { 'Accept-Encoding': 'br' });
      assert.equal(brotli.headers.get('Content-Encoding'), 'br');
      const source = readFileSync(`${root}dist/crm-widgets.iife.js`);
      assert.deepEqual(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())), source);
      for (const path of ['/dist/crm-widgets.iife.js', '/dist/crm-widgets.iife.js?v=0000000000000000']) {
        const other = await get(path);
        assert.equal(other.status, 200);
        assert.equal(other.headers.get('Cache-Control'), 'no-cache', path);
      }
    },
  );
});
