// Adding an element is its folder plus one entry in src/core/elements.ts: this fails while a place
// a build tool or a bundler reads by name (define.ts, the package's exports, the React wrappers)
// misses one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { elementFolders } from '../../src/core/elements.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
const registered = Object.entries(elementFolders);

describe('the element registry', () => {
  it('lists every element folder, and each has its registration file', () => {
    const folders = readdirSync('src/components', { withFileTypes: true }).filter((entry) => entry.isDirectory());
    assert.deepEqual(folders.map((folder) => folder.name).sort(), Object.values(elementFolders).sort());
    for (const [tag, folder] of registered) {
      assert.ok(readdirSync(`src/components/${folder}`).includes(`${tag}.ts`), `src/components/${folder}/${tag}.ts`);
    }
  });

  it('registers every element in define.ts', () => {
    const define = readFileSync('src/define.ts', 'utf8');
    for (const [tag, folder] of registered) assert.ok(define.includes(`'./components/${folder}/${tag}.js'`), tag);
  });

  it('lets the classic script load every element on first use (loader.ts)', () => {
    const loader = readFileSync('src/loader.ts', 'utf8');
    for (const [tag, folder] of registered)
      assert.ok(loader.includes(`'${tag}': () => import('./components/${folder}/${tag}.js')`), tag);
  });

  it('gives every element a React wrapper', () => {
    const react = readFileSync('src/react/index.ts', 'utf8');
    for (const [tag] of registered) assert.ok(react.includes(`tagName: '${tag}'`), tag);
  });

  it('gives every element a package entry with its types', () => {
    for (const [tag, folder] of registered) {
      assert.deepEqual(pkg.exports[`./${folder}.js`], {
        types: `./dist/types/components/${folder}/${tag}.d.ts`,
        default: `./dist/esm/components/${folder}/${tag}.js`,
      });
    }
  });
});
