import { expect } from '@open-wc/testing';
import { createApiClient, userOf } from '../../src/api/client.js';
import { CrmApiError } from '../../src/api/errors.js';
import { customerSchema } from '../../src/api/schemas.js';
import { fakeFetch, fakeJwt, json, problem, sampleCustomer } from '../helpers/fake-fetch.js';

const baseUrl = 'https://crm.example.test/';

async function failure(promise: Promise<unknown>): Promise<CrmApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(CrmApiError);
    return error as CrmApiError;
  }
  throw new Error('expected the request to fail');
}

describe('createApiClient', () => {
  describe('authentication', () => {
    it('sends the provider token as a bearer header and never in the URL', async () => {
      const token = fakeJwt({ sub: 'u_1', exp: Math.floor(Date.now() / 1000) + 600 });
      const fake = fakeFetch(() => json(sampleCustomer, { headers: { ETag: '"c_1042.v1"' } }));
      const api = createApiClient({ baseUrl, getToken: () => token, fetch: fake.fetch, retryLimit: 0 });
      const result = await api.get('v1/customers/c_1042', customerSchema);
      expect(result.data.name).to.equal(sampleCustomer.name);
      expect(result.etag).to.equal('"c_1042.v1"');
      expect(fake.requests).to.have.length(1);
      expect(fake.requests[0]!.url).to.equal(`${baseUrl}v1/customers/c_1042`);
      expect(fake.requests[0]!.url).not.to.contain(token);
      expect(fake.requests[0]!.headers.get('Authorization')).to.equal(`Bearer ${token}`);
    });

    it('sends a request meant for one user only with that user’s token, also after a refresh names another', async () => {
      const [first, second] = ['u_1', 'u_2'].map((sub) =>
        fakeJwt({ sub, tenant: 't_1', exp: Math.floor(Date.now() / 1000) + 600 }),
      );
      // u_1's session has ended; asked for a fresh token, the provider now signs u_2 in.
      const fake = fakeFetch((request) =>
        request.headers.get('Authorization') === `Bearer ${first}`
          ? problem(401, 'Unauthorized')
          : json(sampleCustomer),
      );
      const getToken = ({ forceRefresh }: { forceRefresh: boolean }) => (forceRefresh ? second! : first!);
      const api = createApiClient({ baseUrl, getToken, fetch: fake.fetch, retryLimit: 0 });
      const patch = (sub: string) =>
        api.send('patch', 'v1/customers/c_1042', customerSchema, {
          json: {},
          ifMatch: '"v1"',
          user: userOf({ tenant: 't_1', sub }),
        });

      const error = await failure(patch('u_1'));
      expect(error).to.include({ kind: 'auth', status: 401, retryable: false });
      // Sent once, with u_1's token; not again with u_2's.
      expect(fake.requests.map((request) => request.headers.get('Authorization'))).to.deep.equal([`Bearer ${first}`]);
      expect((await patch('u_2')).data.name).to.equal(sampleCustomer.name);
      expect(fake.requests).to.have.length(2);
    });

    it('reuses a token until shortly before it expires', async () => {
      const calls: boolean[] = [];
      const fresh = fakeJwt({ exp: Math.floor(Date.now() / 1000) + 600 });
      const fake = fakeFetch(() => json(sampleCustomer));
      const api = createApiClient({
        baseUrl,
        getToken: ({ forceRefresh }) => (calls.push(forceRefresh), fresh),
        fetch: fake.fetch,
      });
      await Promise.all([
        api.get('v1/customers/c_1042', customerSchema),
        api.get('v1/customers/c_1042', customerSchema),
      ]);
      await api.get('v1/customers/c_1042', customerSchema);
      expect(calls).to.deep.equal([false]);
    });

    it('asks again for a token that is about to expire', async () => {
      let calls = 0;
      const fake = fakeFetch(() => json(sampleCustomer));
      const api = createApiClient({
        baseUrl,
        getToken: () => fakeJwt({ n: ++calls, exp: Math.floor(Date.now() / 1000) + 10 }),
        fetch: fake.fetch,
      });
      await api.get('v1/customers/c_1042', customerSchema);
      await api.get('v1/customers/c_1042', customerSchema);
      expect(calls).to.equal(2);
    });

    it('refreshes the token once after a 401 and retries the request', async () => {
      const tokens = ['stale', 'fresh'];
      const asked: boolean[] = [];
      const fake = fakeFetch((request) =>
        request.headers.get('Authorization') === 'Bearer fresh' ? json(sampleCustomer) : problem(401, 'Unauthorized'),
      );
      const api = createApiClient({
        baseUrl,
        getToken: ({ forceRefresh }) => (asked.push(forceRefresh), tokens.shift()!),
        fetch: fake.fetch,
      });
      const result = await api.get('v1/customers/c_1042', customerSchema);
      expect(result.data.id).to.equal('c_1042');
      expect(asked).to.deep.equal([false, true]);
      expect(fake.requests).to.have.length(2);
    });

    it('fails with an auth error, not a loop, when the fresh token is refused too', async () => {
      let asked = 0;
      const fake = fakeFetch(() => problem(401, 'Unauthorized', 'The bearer token is invalid or expired.'));
      const api = createApiClient({ baseUrl, getToken: () => `token-${++asked}`, fetch: fake.fetch });
      const error = await failure(api.get('v1/customers/c_1042', customerSchema));
      expect(error.kind).to.equal('auth');
      expect(error.status).to.equal(401);
      expect(error.retryable).to.equal(false);
      expect(asked).to.equal(2);
      expect(fake.requests).to.have.length(2);
      expect(error.message).not.to.contain('token-');
    });

    it('asks for one fresh token when several requests are refused together', async () => {
      const asked: boolean[] = [];
      const fake = fakeFetch((request) =>
        request.headers.get('Authorization') === 'Bearer fresh' ? json(sampleCustomer) : problem(401, 'Unauthorized'),
      );
      const api = createApiClient({
        baseUrl,
        getToken: async ({ forceRefresh }) => (asked.push(forceRefresh), forceRefresh ? 'fresh' : 'stale'),
        fetch: fake.fetch,
      });
      const results = await Promise.all([1, 2, 3, 4].map(() => api.get('v1/customers/c_1042', customerSchema)));
      expect(results.map((r) => r.data.id)).to.deep.equal(['c_1042', 'c_1042', 'c_1042', 'c_1042']);
      expect(asked).to.deep.equal([false, true]);
    });

    it('keeps the token out of every error it hands to host code', async () => {
      const token = fakeJwt({ sub: 'secret-user', exp: Math.floor(Date.now() / 1000) + 600 });
      for (const answer of [
        () => problem(500, 'Boom'),
        () => problem(401, 'Unauthorized'),
        () => new Promise<Response>(() => undefined),
      ]) {
        const fake = fakeFetch(answer);
        const api = createApiClient({ baseUrl, getToken: () => token, fetch: fake.fetch, retryLimit: 0, timeout: 300 });
        const error = await failure(api.get('v1/customers/c_1042', customerSchema));
        const seen = new WeakSet<object>();
        // Walk everything reachable from the error (own properties, causes, requests' headers).
        const reachable = (value: unknown, depth = 0): string[] => {
          if (depth > 6 || value === null || value === undefined) return [];
          if (typeof value === 'string') return [value];
          if (typeof value !== 'object' && typeof value !== 'function') return [];
          if (seen.has(value as object)) return [];
          seen.add(value as object);
          if (value instanceof Headers) return [...value.values()];
          if (value instanceof Request) return [value.url, ...value.headers.values()];
          return Object.getOwnPropertyNames(value).flatMap((key) =>
            reachable((value as Record<string, unknown>)[key], depth + 1),
          );
        };
        expect(
          reachable(error).some((text) => text.includes(token)),
          `${error.kind} error exposes the token`,
        ).to.equal(false);
      }
    });

    it('turns a failing token provider into an auth error', async () => {
      const fake = fakeFetch(() => json(sampleCustomer));
      let asked = 0;
      const api = createApiClient({
        baseUrl,
        getToken: () => (asked++, Promise.reject(new Error('native host gone'))),
        fetch: fake.fetch,
      });
      const error = await failure(api.get('v1/customers/c_1042', customerSchema));
      expect(error.kind).to.equal('auth');
      expect(fake.requests).to.have.length(0);
      // Asked once, not once per retry of the read: a webview's unanswered token request (10 s
      // each) must surface as a sign-in error after one wait, not three.
      expect(asked).to.equal(1);
    });
  });

  describe('errors', () => {
    it('carries the problem+json fields of an HTTP error', async () => {
      const fake = fakeFetch(() => problem(404, 'Not found', 'No customer c_9.'));
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      const error = await failure(api.get('v1/customers/c_9', customerSchema));
      expect(error.kind).to.equal('http');
      expect(error.status).to.equal(404);
      expect(error.title).to.equal('Not found');
      expect(error.detail).to.equal('No customer c_9.');
      expect(error.retryable).to.equal(false);
    });

    it('names the field of an answer that breaks the contract', async () => {
      const fake = fakeFetch(() => json({ ...sampleCustomer, lifetimeValue: { amount: '12.50', currency: 'CNY' } }));
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      const error = await failure(api.get('v1/customers/c_1042', customerSchema));
      expect(error.kind).to.equal('validation');
      expect(error.field).to.equal('lifetimeValue.amount');
      expect(error.message).to.contain('lifetimeValue.amount');
      expect(error.retryable).to.equal(false);
    });

    it('calls an answer that is not JSON a validation error worth retrying (a cut body, a captive portal)', async () => {
      const fake = fakeFetch(() => new Response('{"id": "c_10', { headers: { 'Content-Type': 'application/json' } }));
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      const error = await failure(api.get('v1/customers/c_1042', customerSchema));
      expect(error.kind).to.equal('validation');
      expect(error.message).to.contain('not JSON');
      expect(error.retryable).to.equal(true);
    });

    it('tolerates unknown extra fields', async () => {
      const fake = fakeFetch(() => json({ ...sampleCustomer, loyaltyPoints: 12 }));
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      const { data } = await api.get('v1/customers/c_1042', customerSchema);
      expect(data).not.to.have.property('loyaltyPoints');
    });

    it('reports an unreachable server as a retryable network error', async () => {
      const fake = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch, retryLimit: 0 });
      const error = await failure(api.get('v1/customers/c_1042', customerSchema));
      expect(error.kind).to.equal('network');
      expect(error.retryable).to.equal(true);
    });

    it('retries a safe request after a 503', async () => {
      let calls = 0;
      const fake = fakeFetch(() =>
        ++calls === 1 ? problem(503, 'Unavailable', undefined, { 'Retry-After': '0' }) : json(sampleCustomer),
      );
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch, retryLimit: 1 });
      const { data } = await api.get('v1/customers/c_1042', customerSchema);
      expect(data.id).to.equal('c_1042');
      expect(calls).to.equal(2);
    });

    it('retries a POST only when it carries an Idempotency-Key, and never a PATCH', async () => {
      const attempts = { keyed: 0, unkeyed: 0, patch: 0 };
      const fake = fakeFetch((request) => {
        const which =
          request.method === 'PATCH' ? 'patch' : request.headers.has('Idempotency-Key') ? 'keyed' : 'unkeyed';
        attempts[which] += 1;
        return which === 'keyed' && attempts.keyed > 1
          ? json(sampleCustomer, { status: 201 })
          : problem(503, 'Unavailable', undefined, { 'Retry-After': '0' });
      });
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      const created = await api.send('post', 'v1/x', customerSchema, { json: { a: 1 }, idempotencyKey: 'key-0001' });
      expect(created.status).to.equal(201);
      expect((await failure(api.send('post', 'v1/x', customerSchema, { json: { a: 1 } }))).status).to.equal(503);
      expect(
        (await failure(api.send('patch', 'v1/x', customerSchema, { json: { a: 1 }, ifMatch: '"v1"' }))).status,
      ).to.equal(503);
      expect(attempts).to.deep.equal({ keyed: 2, unkeyed: 1, patch: 1 });
      expect(
        fake.requests.filter((r) => r.method === 'POST' && r.headers.get('Idempotency-Key') === 'key-0001'),
      ).to.have.length(2);
    });

    it('turns a 412 into a conflict carrying the current record', async () => {
      const fake = fakeFetch(
        () =>
          new Response(
            JSON.stringify({ type: 'x', title: 'Precondition failed', status: 412, current: sampleCustomer }),
            { status: 412, headers: { 'Content-Type': 'application/problem+json' } },
          ),
      );
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      const error = await failure(
        api.send('patch', 'v1/customers/c_1042', customerSchema, { json: { name: 'x' }, ifMatch: '"c_1042.v1"' }),
      );
      expect(error.kind).to.equal('conflict');
      expect((error.current as { name: string }).name).to.equal(sampleCustomer.name);
      expect(fake.requests[0]!.headers.get('If-Match')).to.equal('"c_1042.v1"');
    });

    it('answers a matching conditional GET as not modified', async () => {
      const fake = fakeFetch((request) =>
        request.headers.get('If-None-Match') === '"v7"'
          ? new Response(null, { status: 304, headers: { ETag: '"v7"' } })
          : json(sampleCustomer),
      );
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      expect(await api.revalidate('v1/customers/c_1042', customerSchema, { ifNoneMatch: '"v7"' })).to.deep.equal({
        notModified: true,
        etag: '"v7"',
      });
    });

    it('reports an answer that never comes as a timeout', async () => {
      const fake = fakeFetch(() => new Promise<Response>(() => undefined));
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch, timeout: 200, retryLimit: 0 });
      const error = await failure(api.get('v1/customers/c_1042', customerSchema));
      expect(error.kind).to.equal('timeout');
      expect(error.retryable).to.equal(true);
    });

    it('reports an aborted request as aborted', async () => {
      const controller = new AbortController();
      const fake = fakeFetch(() => new Promise<Response>(() => undefined));
      const api = createApiClient({ baseUrl, getToken: () => 't', fetch: fake.fetch });
      const pending = api.get('v1/customers/c_1042', customerSchema, { signal: controller.signal });
      controller.abort();
      const error = await failure(pending);
      expect(error.kind).to.equal('aborted');
    });
  });
});
