import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../demo/server/app.js';
import { createTokenSigner } from '../../demo/server/auth.js';
import { migrate, openDatabase, type Db } from '../../demo/server/db.js';
import { seed } from '../../demo/server/seed.js';

const secret = 'test-secret-that-is-at-least-32-characters-long';
const signer = createTokenSigner(secret);
let db: Db;
let app: ReturnType<typeof createApp>;

async function tokenFor(tenant: string, scope = 'crm:read crm:write', ttlSeconds = 300) {
  return (await signer.sign({ sub: 'u_test', tenant, scope }, ttlSeconds)).token;
}

function get(path: string, token?: string, headers: Record<string, string> = {}) {
  return app.request(path, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
}

describe('reference API', () => {
  before(async () => {
    db = await openDatabase({ dataDir: 'memory' });
    await seed(db, { customers: 60, acmeCustomers: 10 });
    app = createApp({ db, signer, demo: true });
  });
  after(async () => {
    await db.close();
  });

  describe('auth', () => {
    it('answers 401 problem+json with WWW-Authenticate when the token is missing', async () => {
      const response = await get('/v1/customers/c_1042');
      assert.equal(response.status, 401);
      assert.match(response.headers.get('WWW-Authenticate') ?? '', /^Bearer/);
      assert.equal(response.headers.get('Content-Type'), 'application/problem+json');
      const body = (await response.json()) as { status: number; title: string };
      assert.equal(body.status, 401);
    });

    it('refuses a token signed with another secret', async () => {
      const forged = (await createTokenSigner('another-secret-that-is-32-characters-long!').sign({ sub: 'u', tenant: 'demo', scope: 'crm:read' }, 60)).token;
      assert.equal((await get('/v1/customers/c_1042', forged)).status, 401);
    });

    it('refuses an expired token', async () => {
      const expired = (await signer.sign({ sub: 'u', tenant: 'demo', scope: 'crm:read' }, -10)).token;
      const response = await get('/v1/customers/c_1042', expired);
      assert.equal(response.status, 401);
      assert.match(response.headers.get('WWW-Authenticate') ?? '', /invalid_token/);
    });

    it('answers 403 when the token lacks the crm:read scope', async () => {
      const response = await get('/v1/customers/c_1042', await tokenFor('demo', 'crm:write'));
      assert.equal(response.status, 403);
    });
  });

  describe('GET /v1/customers/{id}', () => {
    it("answers the tenant's customer with an ETag", async () => {
      const response = await get('/v1/customers/c_1042', await tokenFor('demo'));
      assert.equal(response.status, 200);
      const customer = (await response.json()) as Record<string, unknown>;
      assert.equal(customer.id, 'c_1042');
      assert.equal(typeof customer.name, 'string');
      assert.ok(Array.isArray(customer.tags));
      assert.ok(Number.isInteger((customer.lifetimeValue as { amount: number }).amount));
      assert.match(response.headers.get('ETag') ?? '', /^".+"$/);
    });

    it('answers 304 to a matching If-None-Match', async () => {
      const token = await tokenFor('demo');
      const first = await get('/v1/customers/c_1042', token);
      const etag = first.headers.get('ETag')!;
      const second = await get('/v1/customers/c_1042', token, { 'If-None-Match': `W/${etag}` });
      assert.equal(second.status, 304);
      assert.equal(await second.text(), '');
    });

    it("answers another tenant's customer exactly like a missing one", async () => {
      const token = await tokenFor('acme');
      const foreign = await get('/v1/customers/c_1042', token);
      const missing = await get('/v1/customers/c_1043', await tokenFor('acme'));
      assert.equal(foreign.status, 404);
      assert.equal(missing.status, 404);
      const [a, b] = [(await foreign.json()) as Record<string, unknown>, (await missing.json()) as Record<string, unknown>];
      assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
      assert.equal(a.title, b.title);
      assert.equal(a.name, undefined);
    });

    it('answers 400 to a malformed id', async () => {
      const response = await get(`/v1/customers/${encodeURIComponent("c_1'; DROP TABLE customers;--")}`, await tokenFor('demo'));
      assert.equal(response.status, 400);
    });
  });

  describe('POST /v1/auth/demo-token', () => {
    it('issues a token the API accepts, with its expiry', async () => {
      const response = await app.request('/v1/auth/demo-token', { method: 'POST', body: JSON.stringify({ tenant: 'acme', ttlSeconds: 120 }) });
      assert.equal(response.status, 200);
      const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
      const caller = await signer.verify(token);
      assert.equal(caller.tenant, 'acme');
      assert.ok(Math.abs(Date.parse(expiresAt) - Date.now() - 120_000) < 5_000);
    });

    it('rejects an unknown tenant or scope', async () => {
      for (const body of [{ tenant: 'other' }, { scope: 'crm:admin' }, { ttlSeconds: 'soon' }, [1]]) {
        const response = await app.request('/v1/auth/demo-token', { method: 'POST', body: JSON.stringify(body) });
        assert.equal(response.status, 400, JSON.stringify(body));
      }
    });

    it('does not exist outside demo mode', async () => {
      const production = createApp({ db, signer, demo: false });
      const response = await production.request('/v1/auth/demo-token', { method: 'POST', body: '{}' });
      assert.equal(response.status, 404);
    });
  });

  describe('database', () => {
    it('applies each migration once', async () => {
      assert.deepEqual(await migrate(db), []);
    });
  });
});
