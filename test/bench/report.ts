import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../../docs/benchmarks.md', import.meta.url);

/** Replaces (or appends) the section between `<!-- name -->` and `<!-- /name -->` in docs/benchmarks.md. */
export function writeBenchmarkSection(name: string, markdown: string): void {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const current = readFileSync(file, 'utf8');
  const block = `${start}\n${markdown}${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*${end}`);
  writeFileSync(
    file,
    current.includes(start) ? current.replace(pattern, () => block) : `${current.trimEnd()}\n\n${block}\n`,
  );
}
