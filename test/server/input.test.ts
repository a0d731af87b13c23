// Inputs that used to reach a 500 or be stored as something else (issue #15): each answers a
// documented 4xx as problem+json and stores nothing, or is stored exactly as sent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { engines, json, startTestApi, type TestApi } from './harness.js';
import { assertMatchesContract } from './openapi.js';

const cursorOf = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');

const listRoutes = [
  ['/v1/customers', '/v1/customers'],
  ['/v1/customers/c_1001/orders', '/v1/customers/{id}/orders'],
  ['/v1/customers/c_1001/contacts', '/v1/customers/{id}/contacts'],
] as const;

for (const engine of engines) {
  describe(`input hardening on ${engine}`, () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(engine);
    });
    after(() => api.close());

    let keys = 0;
    const postContact = (body: unknown, headers: Record<string, string> = {}) =>
      api.call('/v1/customers/c_1001/contacts', {
        method: 'POST',
        ...json(body, { 'Idempotency-Key': `input-test-${engine}-${keys++}`, ...headers }),
      });
    const patchCustomer = (body: unknown, headers: Record<string, string> = {}) =>
      api.call('/v1/customers/c_1002', { method: 'PATCH', ...json(body, { 'If-Match': '*', ...headers }) });
    const contactCount = async () =>
      Number(
        (
          await api.db.query<{ n: string | number }>(
            "SELECT count(*) AS n FROM contacts WHERE tenant_id = 'demo' AND customer_id = 'c_1001'",
          )
        ).rows[0]!.n,
      );
    const assertProblem = async (response: Response, status: number, method: string, template: string) => {
      assert.equal(response.status, status, `${method} ${template}: ${await response.clone().text()}`);
      assert.equal(response.headers.get('Content-Type'), 'application/problem+json');
      await assertMatchesContract(method, template, response);
    };

    describe('U+0000 and lone surrogates', () => {
      it('answers 400 to U+0000 in q', async () => {
        await assertProblem(await api.call('/v1/customers?q=a%00b'), 400, 'GET', '/v1/customers');
      });

      it('answers 400 to U+0000 or a lone surrogate in a PATCH name or tag, and changes nothing', async () => {
        const before = await (await api.call('/v1/customers/c_1002')).json();
        for (const patch of [{ name: 'Ada\u0000' }, { tags: ['vip', 'a\u0000b'] }, { name: 'Ada \ud800' }]) {
          await assertProblem(await patchCustomer(patch), 400, 'PATCH', '/v1/customers/{id}');
        }
        assert.deepEqual(await (await api.call('/v1/customers/c_1002')).json(), before);
      });

      it('answers 400 to U+0000 in a new entry body or subject, and stores nothing', async () => {
        const count = await contactCount();
        for (const entry of [
          { channel: 'note', body: 'a\u0000b' },
          { channel: 'note', body: 'ok', subject: '\u0000' },
          { channel: 'note', body: '\udc00' },
        ]) {
          await assertProblem(await postContact(entry), 400, 'POST', '/v1/customers/{id}/contacts');
        }
        assert.equal(await contactCount(), count);
      });

      it("answers 400 to U+0000 in a cursor's id, on every list route", async () => {
        for (const [path, template] of listRoutes) {
          const cursor = cursorOf('2024-01-01T00:00:00.000Z', 'c_1\u0000');
          await assertProblem(await api.call(`${path}?cursor=${cursor}`), 400, 'GET', template);
        }
      });
    });

    describe('timestamps', () => {
      it('answers 400 to a cursor dated outside years 1–9999, on every list route', async () => {
        for (const at of ['0000-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z']) {
          for (const [path, template] of listRoutes) {
            await assertProblem(await api.call(`${path}?cursor=${cursorOf(at, 'c_1001')}`), 400, 'GET', template);
          }
        }
      });

      it('answers 400 to an occurredAt that is out of range, no real date, or not RFC 3339, and stores nothing', async () => {
        const count = await contactCount();
        for (const occurredAt of [
          '0000-01-01T00:00:00Z',
          '9999-12-31T23:59:59-23:59',
          '2024-02-30T10:00:00Z',
          '2024-05-01 10:00:00Z',
          '2024-05-01T10:00:00.1234Z',
        ]) {
          const response = await postContact({ channel: 'note', body: 'when?', occurredAt });
          await assertProblem(response, 400, 'POST', '/v1/customers/{id}/contacts');
          const { errors } = (await response.json()) as { errors: { pointer: string }[] };
          assert.deepEqual(
            errors.map((error) => error.pointer),
            ['/occurredAt'],
          );
        }
        assert.equal(await contactCount(), count);
      });

      it('stores an occurredAt with an offset as the instant it names', async () => {
        const response = await postContact({
          channel: 'note',
          body: 'offset',
          occurredAt: '2024-02-29T23:30:00.5+05:30',
        });
        assert.equal(response.status, 201);
        assert.equal(((await response.json()) as { occurredAt: string }).occurredAt, '2024-02-29T18:00:00.500Z');
      });
    });

    describe('lengths in code points', () => {
      const emoji = '😀';

      it('accepts a body of 10,000 emoji and stores it whole; refuses 10,001', async () => {
        const body = emoji.repeat(10_000);
        const created = await postContact({ channel: 'note', body });
        assert.equal(created.status, 201);
        assert.equal(((await created.json()) as { body: string }).body, body);
        await assertProblem(
          await postContact({ channel: 'note', body: body + emoji }),
          400,
          'POST',
          '/v1/customers/{id}/contacts',
        );
      });

      it('accepts a name of 200 emoji and tags of 40; refuses one more', async () => {
        const accepted = await patchCustomer({ name: emoji.repeat(200), tags: [emoji.repeat(40)] });
        assert.equal(accepted.status, 200);
        await assertProblem(await patchCustomer({ name: emoji.repeat(201) }), 400, 'PATCH', '/v1/customers/{id}');
        await assertProblem(await patchCustomer({ tags: [emoji.repeat(41)] }), 400, 'PATCH', '/v1/customers/{id}');
      });

      it('counts q in code points too', async () => {
        assert.equal((await api.call(`/v1/customers?q=${encodeURIComponent(emoji.repeat(200))}`)).status, 200);
        const tooLong = await api.call(`/v1/customers?q=${encodeURIComponent(emoji.repeat(201))}`);
        await assertProblem(tooLong, 400, 'GET', '/v1/customers');
      });
    });

    describe('headers and methods', () => {
      it('accepts the bearer scheme in any case', async () => {
        const token = await api.token();
        for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
          const response = await api.call('/v1/customers/c_1001', {
            token: null,
            headers: { Authorization: `${scheme} ${token}` },
          });
          assert.equal(response.status, 200, scheme);
        }
      });

      it('answers 415 to a body that is not application/json in UTF-8', async () => {
        for (const type of [
          'application/merge-patch+json',
          'application/json; charset=iso-8859-1',
          'text/plain',
          'application/jsonx',
        ]) {
          await assertProblem(
            await patchCustomer({ name: 'Typed' }, { 'Content-Type': type }),
            415,
            'PATCH',
            '/v1/customers/{id}',
          );
          await assertProblem(
            await postContact({ channel: 'note', body: 'typed' }, { 'Content-Type': type }),
            415,
            'POST',
            '/v1/customers/{id}/contacts',
          );
        }
        const utf8 = await patchCustomer({ name: 'Typed' }, { 'Content-Type': 'application/json; Charset="UTF-8"' });
        assert.equal(utf8.status, 200);
      });

      it('answers 413 as documented to a demo-token body over 64 KiB', async () => {
        const response = await api.call('/v1/auth/demo-token', {
          method: 'POST',
          token: null,
          ...json({ padding: 'x'.repeat(70 * 1024) }),
        });
        await assertProblem(response, 413, 'POST', '/v1/auth/demo-token');
      });

      it('answers 405 with Allow to a method a known path does not have, 404 to an unknown path', async () => {
        const cases = [
          ['DELETE', '/v1/customers/c_1001', 'GET, PATCH, HEAD, OPTIONS'],
          ['PUT', '/v1/customers', 'GET, HEAD, OPTIONS'],
          ['DELETE', '/v1/customers/c_1001/contacts', 'GET, POST, HEAD, OPTIONS'],
          ['POST', '/v1/events', 'GET, HEAD, OPTIONS'],
          ['GET', '/v1/auth/demo-token', 'POST, OPTIONS'],
        ] as const;
        for (const [method, path, allow] of cases) {
          const response = await api.call(path, { method });
          assert.equal(response.status, 405, `${method} ${path}`);
          assert.equal(response.headers.get('Allow'), allow);
          assert.equal(response.headers.get('Content-Type'), 'application/problem+json');
        }
        const unknown = await api.call('/v1/customers/c_1001/notes', { method: 'DELETE' });
        assert.equal(unknown.status, 404);
      });
    });
  });
}
