import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../demo/server/app.js';
import { createTokenSigner } from '../../demo/server/auth.js';
import { migrate } from '../../demo/server/db.js';
import { createRateLimiter } from '../../demo/server/rate-limit.js';
import { engines, secret, startTestApi, type TestApi } from './harness.js';
import { assertMatchesContract, loadOpenApi } from './openapi.js';

for (const engine of engines) {
  describe(`auth and basics on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(engine, { limiter: createRateLimiter({ perMinute: 60, burst: 5 }) });
    });
    after(() => api.close());

    it('answers 401 problem+json with WWW-Authenticate when the token is missing', async () => {
      const response = await api.call('/v1/customers/c_1001', { token: null });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
      await assertMatchesContract('GET', '/v1/customers/{id}', response);
    });

    it('refuses a token signed with another secret, an expired one, and one without exp', async () => {
      const forged = (
        await createTokenSigner('another-secret-that-is-32-characters-long!').sign(
          { sub: 'u', tenant: 'demo', scope: 'crm:read' },
          60,
        )
      ).token;
      const expired = (await createTokenSigner(secret).sign({ sub: 'u', tenant: 'demo', scope: 'crm:read' }, -10))
        .token;
      const { SignJWT } = await import('jose');
      const eternal = await new SignJWT({ tenant: 'demo', scope: 'crm:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u')
        .sign(new TextEncoder().encode(secret));
      for (const token of [forged, expired, eternal, 'not.a.jwt']) {
        assert.equal((await api.call('/v1/customers/c_1001', { token })).status, 401);
      }
    });

    it('answers 403 when the token lacks the scope the route needs', async () => {
      const readOnly = await api.token('demo', 'crm:read');
      const response = await api.call('/v1/customers/c_1001', {
        token: readOnly,
        method: 'PATCH',
        headers: { 'If-Match': '*', 'Content-Type': 'application/json' },
        body: '{"name":"x"}',
      });
      assert.equal(response.status, 403);
      assert.equal(
        (await api.call('/v1/customers/c_1001', { token: await api.token('demo', 'crm:write') })).status,
        403,
      );
    });

    it('limits requests per token with 429 and Retry-After, leaving other tokens alone', async () => {
      const busy = await api.token('demo', 'crm:read', 'u_busy');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await api.call('/v1/customers/c_1001', { token: busy })).status);
      assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
      const limited = await api.call('/v1/customers/c_1001', { token: busy });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('Retry-After')) >= 1);
      await assertMatchesContract('GET', '/v1/customers/{id}', limited);
      assert.equal(
        (await api.call('/v1/customers/c_1001', { token: await api.token('demo', 'crm:read', 'u_other') })).status,
        200,
      );
    });

    it('issues demo tokens the API accepts, and validates the request', async () => {
      const response = await api.call('/v1/auth/demo-token', {
        token: null,
        method: 'POST',
        body: JSON.stringify({ tenant: 'acme', ttlSeconds: 120 }),
      });
      assert.equal(response.status, 200);
      await assertMatchesContract('POST', '/v1/auth/demo-token', response);
      const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
      assert.equal((await createTokenSigner(secret).verify(token)).tenant, 'acme');
      assert.ok(Math.abs(Date.parse(expiresAt) - Date.now() - 120_000) < 5_000);
      for (const body of [{ tenant: 'other' }, { scope: 'crm:admin' }, { ttlSeconds: 'soon' }, [1]]) {
        const bad = await api.call('/v1/auth/demo-token', { token: null, method: 'POST', body: JSON.stringify(body) });
        assert.equal(bad.status, 400, JSON.stringify(body));
      }
    });

    it('has no demo-token route outside demo mode', async () => {
      const production = createApp({ db: api.db, hub: api.hub, signer: createTokenSigner(secret), demo: false });
      assert.equal((await production.request('/v1/auth/demo-token', { method: 'POST', body: '{}' })).status, 404);
    });

    it('serves demo pages with a fresh style nonce, and never the server source', async () => {
      const root = fileURLToPath(new URL('../..', import.meta.url));
      const demo = createApp({
        db: api.db,
        hub: api.hub,
        signer: createTokenSigner(secret),
        demo: true,
        staticRoot: root,
      });
      const [a, b] = [await demo.request('/'), await demo.request('/')];
      assert.equal(a.status, 200);
      const nonceA = /'nonce-([^']+)'/.exec(a.headers.get('Content-Security-Policy') ?? '')?.[1];
      const nonceB = /'nonce-([^']+)'/.exec(b.headers.get('Content-Security-Policy') ?? '')?.[1];
      assert.ok(nonceA && nonceB && nonceA !== nonceB);
      assert.ok((await a.text()).includes(`nonce="${nonceA}"`));
      for (const path of [
        '/demo/server/app.ts',
        '/demo/server/migrations/001_initial.sql',
        '/demo/missing.html',
        '/demo/../package.json',
      ]) {
        assert.equal((await demo.request(path)).status, 404, path);
      }
      assert.equal((await demo.request('/demo/demo.css')).status, 200);
    });

    it('allows cross-origin calls from the allowlist only, exposing ETag, Retry-After and Idempotent-Replayed', async () => {
      const app = createApp({
        db: api.db,
        hub: api.hub,
        signer: createTokenSigner(secret),
        demo: false,
        allowedOrigins: ['https://partner.example'],
      });
      const preflight = (origin: string) =>
        app.request('/v1/customers/c_1001', {
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'PATCH',
            'Access-Control-Request-Headers': 'authorization, if-match, content-type',
          },
        });
      const allowed = await preflight('https://partner.example');
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://partner.example');
      assert.match(allowed.headers.get('Access-Control-Allow-Headers') ?? '', /If-Match/i);
      assert.equal((await preflight('https://evil.example')).headers.get('Access-Control-Allow-Origin'), null);
      const simple = await app.request('/v1/customers/c_1001', {
        headers: { Origin: 'https://partner.example', Authorization: `Bearer ${await api.token()}` },
      });
      const exposed = simple.headers.get('Access-Control-Expose-Headers') ?? '';
      for (const header of ['ETag', 'Retry-After', 'Idempotent-Replayed']) assert.match(exposed, new RegExp(header));
    });

    it('serves its OpenAPI document', async () => {
      const response = await api.call('/v1/openapi.json', { token: null });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), await loadOpenApi());
    });

    it('answers unknown routes with a problem, not a stack trace', async () => {
      const response = await api.call('/v1/nothing-here');
      assert.equal(response.status, 404);
      assert.equal(response.headers.get('Content-Type'), 'application/problem+json');
    });

    it('applies each migration once', async () => {
      assert.deepEqual(await migrate(api.db), []);
    });
  });
}
