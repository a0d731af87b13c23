// A refused body must leave its connection usable, or close it cleanly: the next request a Node
// client sends on the same keep-alive agent must not be reset (issue #15).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { startTestApi, type TestApi } from './harness.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  socket: unknown;
}

describe('request bodies over the limit, on a real keep-alive connection', () => {
  let api: TestApi;
  let server: ServerType;
  let port: number;
  before(async () => {
    api = await startTestApi('pglite', { customers: 5 });
    server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await api.close();
  });

  const send = (agent: http.Agent, body: Buffer, chunked = false) =>
    new Promise<Answer>((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
      if (!chunked) headers['Content-Length'] = body.length;
      const request = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/v1/auth/demo-token', agent, headers },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode!, headers: response.headers, text, socket: request.socket }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  const tooLarge = (bytes: number) => Buffer.alloc(bytes, 'a');
  const small = Buffer.from('{}');

  for (const chunked of [false, true]) {
    it(`answers 413 to a 1 MB ${chunked ? 'chunked ' : ''}body, then the next request on the same connection`, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let round = 0; round < 5; round++) {
          const refused = await send(agent, tooLarge(1_000_000), chunked);
          assert.equal(refused.status, 413);
          assert.equal(refused.headers['content-type'], 'application/problem+json');
          assert.equal(refused.headers.connection, 'keep-alive');
          const next = await send(agent, small);
          assert.equal(next.status, 200, next.text);
          assert.equal(next.socket, refused.socket, 'the drained connection is reused');
        }
      } finally {
        agent.destroy();
      }
    });
  }

  it('closes the connection with Connection: close after a body too large to drain, and the next request gets a new one', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, tooLarge(9 * 1024 * 1024));
      assert.equal(refused.status, 413);
      assert.equal(refused.headers.connection, 'close');
      const next = await send(agent, small);
      assert.equal(next.status, 200, next.text);
      assert.notEqual(next.socket, refused.socket);
    } finally {
      agent.destroy();
    }
  });
});
