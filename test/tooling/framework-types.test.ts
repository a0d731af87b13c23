// The framework types generated at build (dist/types/frameworks/, from custom-elements.json) hold
// in strict React 19, Vue 3.5 (vue-tsc, strict templates) and Svelte 5 (svelte-check) apps: the
// fixtures in test/frameworks/ using every tag pass, and each line marked "wrong" fails.
// Needs `npm run build` first (npm test builds before it runs these).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

/** Runs a checker from node_modules/.bin; its exit status and everything it printed. */
function check(command: string, ...args: string[]) {
  const run = spawnSync(`node_modules/.bin/${command}`, args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The 1-based lines of `file` marked as mistakes. */
const wrongLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => (/wrong: /.test(line) ? [index + 1] : []));

/** The 1-based lines of `file` that `output` reports an error on, `file(LINE,` or `"file" LINE:`. */
function errorLines(output: string, file: string): number[] {
  const name = file.split('/').pop()!;
  const pattern = new RegExp(`${name}"? ?\\(?(\\d+)[,:]`, 'g');
  return [...new Set([...output.matchAll(pattern)].map((match) => Number(match[1])))].sort((a, b) => a - b);
}

describe('framework types', () => {
  it('type-check a strict React 19 app using the wrappers and the bare tags', () => {
    const run = check('tsc', '-p', 'test/frameworks/react/tsconfig.json');
    assert.equal(run.status, 0, run.output);
  });

  it('catch a wrong prop type, a wrong status and a wrong event field in React', () => {
    const file = 'test/frameworks/react/wrong.tsx';
    const run = check('tsc', '-p', 'test/frameworks/react/tsconfig.wrong.json');
    assert.notEqual(run.status, 0);
    assert.deepEqual(errorLines(run.output, file), wrongLines(file), run.output);
  });

  it('type-check a Vue app with strict templates using every tag', () => {
    const run = check('vue-tsc', '-p', 'test/frameworks/vue/tsconfig.json');
    assert.equal(run.status, 0, run.output);
  });

  it('catch a wrong prop type, a wrong status and a wrong event field in Vue templates', () => {
    const file = 'test/frameworks/vue/Wrong.vue';
    const run = check('vue-tsc', '-p', 'test/frameworks/vue/tsconfig.wrong.json');
    assert.notEqual(run.status, 0);
    assert.deepEqual(errorLines(run.output, file), wrongLines(file), run.output);
  });

  it('type-check a Svelte 5 app using every tag', () => {
    const run = check('svelte-check', '--workspace', 'test/frameworks/svelte/app', '--output', 'machine');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /COMPLETED \d+ FILES 0 ERRORS/);
  });

  it('catch a wrong prop type, a wrong status and a wrong event field in Svelte markup', () => {
    const file = 'test/frameworks/svelte/wrong/Wrong.svelte';
    const run = check('svelte-check', '--workspace', 'test/frameworks/svelte/wrong', '--output', 'machine');
    assert.notEqual(run.status, 0);
    assert.deepEqual(errorLines(run.output, file), wrongLines(file), run.output);
  });
});
