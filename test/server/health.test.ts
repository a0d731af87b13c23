// GET /healthz, what a load balancer's health check polls (docs/scaling.md): 200 while the process
// reaches its database, 503 once it cannot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engines, startTestApi } from './harness.js';

for (const engine of engines) {
  describe(`GET /healthz on ${engine}`, () => {
    it('answers 200 with no token while the database answers, and 503 once it does not', async () => {
      const api = await startTestApi(engine, { customers: 2 });
      try {
        const up = await api.call('/healthz', { token: null });
        assert.equal(up.status, 200);
        assert.equal(await up.text(), 'ok');
        assert.equal(up.headers.get('Cache-Control'), 'no-store');
      } finally {
        await api.close();
      }
      // The database is closed now: the process is no use to a balancer.
      const down = await api.call('/healthz', { token: null });
      assert.equal(down.status, 503);
    });
  });
}
