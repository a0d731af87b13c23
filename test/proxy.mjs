// Forwards a test-server request to another server, for pages that must reach an API on the test
// server's own origin: answers pass through untouched (headers such as a page's
// Content-Security-Policy included), and server-sent events stream as they come.
import { PassThrough, Readable } from 'node:stream';

const forwardedHeaders = [
  'authorization',
  'content-type',
  'accept',
  'if-none-match',
  'if-match',
  'idempotency-key',
  'last-event-id',
];
const droppedHeaders = ['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'];

/** Sends `ctx`'s request to `url` and answers with what comes back; rejects when `url` cannot be reached. */
export async function forward(ctx, url) {
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const headers = {};
  for (const name of forwardedHeaders) if (ctx.get(name)) headers[name] = ctx.get(name);
  // Aborted with the page's request, so a closed event stream closes upstream too.
  const upstream = new AbortController();
  ctx.res.once('close', () => upstream.abort());
  const response = await fetch(url, {
    method: ctx.method,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    signal: upstream.signal,
  });
  ctx.status = response.status;
  response.headers.forEach((value, name) => {
    if (!droppedHeaders.includes(name)) ctx.set(name, value);
  });
  // When the upstream connection breaks mid-answer (a killed server), break the page's too, as a
  // server's death would, rather than leave it open and silent.
  // (Through a PassThrough of its own, so the server does not also log the upstream's error.)
  if (!response.body) return void (ctx.body = '');
  const body = new PassThrough();
  Readable.fromWeb(response.body)
    .on('error', () => ctx.req.socket.destroy())
    .pipe(body);
  ctx.body = body;
}
