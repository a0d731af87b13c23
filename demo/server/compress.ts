/**
 * Compression of the server's answers: brotli where the client accepts it, else gzip (Hono's
 * compress()). Brotli is Node's zlib, since `CompressionStream` knows no brotli in Node 20.
 */
import { Duplex } from 'node:stream';
import { constants, createBrotliCompress } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX, compress } from 'hono/compress';

/** Below this many bytes, compressing saves less than its headers cost (compress()'s default). */
const thresholdBytes = 1024;
/**
 * Quality 5 of 11: answers are compressed as they are sent. Measured on the 154 KB bundle: gzip
 * 50.3 KB in 27 ms, brotli 5 47.8 KB in 25 ms, 9 47.0 KB in 136 ms, 11 43.6 KB in 1.2 s. (A CDN
 * that compresses once per file can afford 11; a server compressing every answer cannot.)
 */
const brotliQuality = 5;

/** Whether `Accept-Encoding` names `br` with a non-zero weight (`br;q=0` refuses it). */
export function acceptsBrotli(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (name !== 'br') return false;
    const weight = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return weight === undefined || Number(weight.slice(2)) > 0;
  });
}

function worthCompressing(c: Context): boolean {
  const { headers } = c.res;
  const length = headers.get('Content-Length');
  return (
    c.req.method !== 'HEAD' &&
    c.res.body !== null &&
    c.res.status !== 206 &&
    !headers.has('Content-Encoding') &&
    !(length && Number(length) < thresholdBytes) &&
    COMPRESSIBLE_CONTENT_TYPE_REGEX.test(headers.get('Content-Type') ?? '') &&
    !/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(headers.get('Cache-Control') ?? '')
  );
}

function brotli(c: Context): void {
  const encoder = Duplex.toWeb(
    createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: brotliQuality } }),
  ) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  c.res = new Response(c.res.body!.pipeThrough(encoder), c.res);
  c.res.headers.delete('Content-Length');
  c.res.headers.set('Content-Encoding', 'br');
  c.res.headers.append('Vary', 'Accept-Encoding');
}

/**
 * brotli or gzip for JSON, problem+json and the demo's bundles and pages — but not for an answer with
 * a strong ETag (a single record, a few hundred bytes): compressing would make its ETag weak, and
 * If-Match, which saving a customer sends, compares strong ETags only. Never for text/event-stream,
 * whose events must not wait in a compressor's buffer (not a compressible type here).
 */
export function compressAnswers(): MiddlewareHandler {
  const gzip = compress({ threshold: thresholdBytes });
  const skip = 'identity';
  return async (c, next) => {
    await gzip(c, async () => {
      await next();
      // compress() leaves alone an answer that already names its encoding.
      if (c.res.headers.get('ETag')?.startsWith('"')) c.res.headers.set('Content-Encoding', skip);
      else if (acceptsBrotli(c.req.header('Accept-Encoding')) && worthCompressing(c)) brotli(c);
    });
    if (c.res.headers.get('Content-Encoding') === skip) c.res.headers.delete('Content-Encoding');
  };
}
