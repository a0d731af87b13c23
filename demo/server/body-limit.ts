import type { Context, MiddlewareHandler } from 'hono';
import { problem } from './problem.js';

/**
 * Caps request bodies (413) and leaves the connection usable after a refusal. Hono's
 * `bodyLimit()` answers without reading the rest of the body; the Node adapter then drains it for
 * at most 500 ms and destroys the socket, so a client that reuses the kept-alive connection for
 * its next request has that one reset (issue #15). Here the rest of a refused body is read and
 * dropped, up to `drainBytes`, before answering; a larger one is answered with
 * `Connection: close`, so no client sends another request on that connection.
 */
export function limitBody({ maxBytes, drainBytes }: { maxBytes: number; drainBytes: number }): MiddlewareHandler {
  const tooLarge = (c: Context, drained: boolean) =>
    problem(
      c,
      413,
      'body-too-large',
      'Body too large',
      `Bodies are limited to ${maxBytes / 1024} KiB.`,
      drained ? {} : { Connection: 'close' },
    );

  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('Content-Length');
    if (declared !== undefined && !c.req.raw.headers.has('Transfer-Encoding')) {
      const length = Number(declared);
      if (length <= maxBytes) return next();
      return tooLarge(c, length <= drainBytes && (await drain(body.getReader(), drainBytes)));
    }
    // A chunked body: read up to the cap, then hand the handler what was read.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) return tooLarge(c, await drain(reader, drainBytes - size));
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    return next();
  };
}

/** Reads and drops the rest of a body; whether it ended within `budget` bytes. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<boolean> {
  let left = budget;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    left -= value.length;
    if (left < 0) {
      await reader.cancel();
      return false;
    }
  }
}
