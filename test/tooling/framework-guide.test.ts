// Every `tsx`, `vue` and `svelte` snippet of docs/guides/frameworks.md type-checks as the guide
// says: React with tsc, Vue with vue-tsc (strict templates), Svelte with svelte-check. The snippets
// are written next to the fixtures of test/frameworks/ (which hold the compiler settings) and
// removed afterwards. Needs `npm run build` first (npm test builds before it runs these).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';

const guide = readFileSync('docs/guides/frameworks.md', 'utf8');
const snippets = (language: string) =>
  [...guide.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1]!);

const check = (command: string, ...args: string[]) => {
  const run = spawnSync(`node_modules/.bin/${command}`, args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

/** Writes `files` into `folder` (made for this test, removed after it). */
function scratch(folder: string, files: Record<string, string>): void {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(`${folder}/${name}`, text);
}

describe('docs/guides/frameworks.md', () => {
  const folders = ['test/frameworks/react/guide', 'test/frameworks/vue/guide', 'test/frameworks/svelte/guide'];
  after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('has React snippets that compile in a strict React 19 project', () => {
    const tsx = snippets('tsx');
    assert.ok(tsx.length >= 3);
    const files = Object.fromEntries(tsx.map((text, index) => [`snippet-${index}.tsx`, text]));
    const config = { extends: '../tsconfig.json', files: Object.keys(files) };
    scratch(folders[0]!, { ...files, 'tsconfig.json': JSON.stringify(config) });
    const run = check('tsc', '-p', `${folders[0]}/tsconfig.json`);
    assert.equal(run.status, 0, run.output);
  });

  it('has Vue snippets that pass vue-tsc with strict templates', () => {
    const vue = snippets('vue');
    assert.ok(vue.length >= 1);
    const files = Object.fromEntries(vue.map((text, index) => [`Snippet${index}.vue`, text]));
    const config = { extends: '../tsconfig.json', files: ['../env.d.ts', ...Object.keys(files)] };
    scratch(folders[1]!, { ...files, 'tsconfig.json': JSON.stringify(config) });
    const run = check('vue-tsc', '-p', `${folders[1]}/tsconfig.json`);
    assert.equal(run.status, 0, run.output);
  });

  it('has Svelte snippets that pass svelte-check', () => {
    const svelte = snippets('svelte');
    assert.ok(svelte.length >= 1);
    const files = Object.fromEntries(svelte.map((text, index) => [`Snippet${index}.svelte`, text]));
    const tsconfig = readFileSync('test/frameworks/svelte/app/tsconfig.json', 'utf8');
    scratch(folders[2]!, { ...files, 'tsconfig.json': tsconfig });
    const run = check('svelte-check', '--workspace', folders[2]!, '--output', 'machine');
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /COMPLETED \d+ FILES 0 ERRORS/);
  });
});
