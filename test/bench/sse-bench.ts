/**
 * `npm run bench:sse`: the event-stream parser (src/stores/sse.ts) under Node, fed long `data:`
 * lines and many small events in 1 KiB chunks, as a network read might cut them. Writes
 * docs/benchmarks.md.
 *
 * `--parser FILE` times another copy of the parser (an older commit's, say) and only prints;
 * `--runs N` sets the runs per case (3 by default; the median is reported).
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { writeBenchmarkSection } from './report.js';
import type { createSseParser as CreateSseParser } from '../../src/stores/sse.js';

const { values } = parseArgs({ options: { parser: { type: 'string' }, runs: { type: 'string', default: '3' } } });
const module_ = values.parser ? pathToFileURL(resolve(values.parser)).href : '../../src/stores/sse.js';
const { createSseParser } = (await import(module_)) as { createSseParser: typeof CreateSseParser };
const runs = Number(values.runs);
const KiB = 1024;
const MiB = 1024 * KiB;

/** Cuts `text` into chunks of `size` characters. */
function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; start += size) chunks.push(text.slice(start, start + size));
  return chunks;
}

/** Milliseconds to parse the chunks (median of the runs); throws unless `expected` events came out whole. */
function time(chunks: string[], expected: { count: number; dataLength: number }): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    let count = 0;
    let dataLength = 0;
    const parser = createSseParser((message) => {
      count += 1;
      dataLength += message.data.length;
    });
    const started = performance.now();
    for (const chunk of chunks) parser.feed(chunk);
    times.push(performance.now() - started);
    if (count !== expected.count || dataLength !== expected.dataLength) throw new Error('wrong parse');
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const smallEvents = Array.from({ length: 100_000 }, (_, i) => `{"id":"c_${i % 9000}","customerId":"c_${i % 9000}"}`);
const cases = [
  ...[1, 4, 16].map((mebibytes) => ({
    name: `one ${mebibytes} MiB \`data:\` line, 1 KiB chunks`,
    chunks: chunksOf(`data: ${'x'.repeat(mebibytes * MiB)}\n\n`, KiB),
    expected: { count: 1, dataLength: mebibytes * MiB },
  })),
  {
    name: '100,000 events of ~80 B (id, event, data), 1 KiB chunks',
    chunks: chunksOf(
      smallEvents.map((data, i) => `id: ${i}\nevent: customer.updated\ndata: ${data}\n\n`).join(''),
      KiB,
    ),
    expected: { count: smallEvents.length, dataLength: smallEvents.join('').length },
  },
];

const rows: string[] = [];
for (const { name, chunks, expected } of cases) {
  const ms = time(chunks, expected);
  const mebibytesPerSecond = chunks.reduce((sum, chunk) => sum + chunk.length, 0) / MiB / (ms / 1000);
  rows.push(`| ${name} | ${ms.toFixed(1)} ms | ${mebibytesPerSecond.toPrecision(3)} MiB/s |`);
  console.log(rows.at(-1));
}

if (!values.parser) {
  writeBenchmarkSection(
    'bench:sse',
    `## Event-stream parser (${new Date().toISOString().slice(0, 10)})

\`npm run bench:sse\` — \`createSseParser\` (src/stores/sse.ts) under Node ${process.version}, ${cpus().length} cores; text
fed in 1 KiB chunks; median of ${runs} runs.

| input | time | throughput |
| --- | --- | --- |
${rows.join('\n')}
`,
  );
}
