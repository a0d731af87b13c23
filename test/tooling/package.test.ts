// What `npm pack` ships, and that Node imports every entry of it (server rendering, tests, tools).
// Needs `npm run build` first (npm test builds before it runs these).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

type Target = string | { types: string; default: string };
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, Target>;
  engines?: unknown;
  devEngines?: unknown;
};
const packed = (
  JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' })) as {
    files: { path: string }[];
  }[]
)[0]!.files.map((file) => file.path);

describe('the npm package', () => {
  it('holds every file its exports name, the licence and the element manifest', () => {
    const named = Object.values(pkg.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : [target.types, target.default],
    );
    for (const path of [...named.map((target) => target.replace(/^\.\//, '')), 'LICENSE', 'README.md']) {
      assert.ok(packed.includes(path), `${path} is not in the package`);
    }
  });

  it('ships no sources, tests, demo or bundle source maps, and its maps carry their sources', () => {
    assert.deepEqual(
      packed.filter(
        (path) => /^(src|test|demo|docs)\//.test(path) || /(\.d\.ts\.map|^dist\/crm-widgets.*\.map)$/.test(path),
      ),
      [],
    );
    for (const map of packed.filter((path) => path.endsWith('.js.map'))) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(map, 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      assert.equal(sourcesContent?.filter(Boolean).length, sources.length, `${map} points at sources it does not hold`);
    }
  });

  it('states the Node version for developing it, without imposing it on those who install it', () => {
    assert.equal(pkg.engines, undefined);
    assert.ok(pkg.devEngines);
  });

  // The two bundles (`./bundle.js`, `./iife.js`) are browser scripts with Lit inlined for the
  // browser; server code imports the modules, where Lit brings its own shims for Node.
  it('imports in Node from every module entry without throwing', async () => {
    const browserBundles = ['./bundle.js', './iife.js'];
    for (const entry of Object.keys(pkg.exports).filter(
      (name) => !name.endsWith('.json') && !browserBundles.includes(name),
    )) {
      const specifier = `crm-widgets${entry.slice(1)}`;
      await assert.doesNotReject(import(specifier), specifier);
    }
  });
});
