/**
 * The two bundled card pages of `npm run bench:elements`, built the way a partner's production
 * build would make them: rollup with node-resolve (browser conditions), `process.env.NODE_ENV`
 * replaced, terser with its defaults, ES module output.
 *
 * - npm: an app that imports only `crm-widgets/customer-card.js` and `configure` from the
 *   side-effect-free `crm-widgets/index.js`, resolved through the package's own `exports` map and
 *   `sideEffects` (a temporary `node_modules/crm-widgets` links to this repository, so `dist/esm/`
 *   must be built);
 * - anchor: the hand-written Lit + `fetch` card (hand-written-card.ts).
 *
 * Each app reads its token from `window.benchToken`, set by the page.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { rollup, type RollupBuild } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';

export interface CardBundle {
  /** The entry chunk's file name; the page loads `/bench/<name>/<entry>`. */
  entry: string;
  /** Every chunk by file name (a lazy chunk is served but only counted when a page loads it). */
  files: Map<string, string>;
  /** Every chunk's static imports (file names) and the source modules in it, by file name. */
  chunks: Map<string, { imports: string[]; modules: string[] }>;
}

const production = () => [
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
  nodeResolve({ browser: true }),
];

async function write(build: RollupBuild): Promise<CardBundle> {
  const { output } = await build.generate({ format: 'es', plugins: [terser()] });
  await build.close();
  const files = new Map<string, string>();
  const chunks: CardBundle['chunks'] = new Map();
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue;
    files.set(chunk.fileName, chunk.code);
    chunks.set(chunk.fileName, { imports: chunk.imports, modules: chunk.moduleIds });
  }
  return { entry: output[0].fileName, files, chunks };
}

/** The npm card-only app, from the package's per-element entry in `root`'s `dist/esm/`. */
export function buildNpmCardApp(root: string, importConfigureFrom = 'crm-widgets/index.js'): Promise<CardBundle> {
  return buildNpmApp(
    root,
    `import 'crm-widgets/customer-card.js';
import { configure } from '${importConfigureFrom}';
configure({ baseUrl: location.origin + '/', getToken: () => window.benchToken });
`,
  );
}

/** An npm app whose entry is `source`, importing the package from `root`'s `dist/esm/` by its `exports`. */
export async function buildNpmApp(root: string, source: string): Promise<CardBundle> {
  const app = mkdtempSync(join(tmpdir(), 'crm-bench-app-'));
  try {
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(root, join(app, 'node_modules', 'crm-widgets'), 'dir');
    writeFileSync(join(app, 'app.js'), source);
    return await write(await rollup({ input: join(app, 'app.js'), plugins: production(), onwarn: failOnWarning }));
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

/** The hand-written anchor card, compiled from TypeScript with the repository's decorator settings. */
export async function buildAnchorCardApp(root: string): Promise<CardBundle> {
  const card = join(root, 'test/bench/hand-written-card.ts');
  const entry = `import { configureCustomerCard } from ${JSON.stringify(card)};
configureCustomerCard({ baseUrl: location.origin + '/', token: window.benchToken });
`;
  const virtualEntry = {
    name: 'anchor-entry',
    resolveId: (id: string) => (id === 'anchor-app' ? id : null),
    load: (id: string) => (id === 'anchor-app' ? entry : null),
  };
  const typescript = esbuild({ target: 'es2021', tsconfig: join(root, 'tsconfig.json') });
  return write(
    await rollup({ input: 'anchor-app', plugins: [virtualEntry, ...production(), typescript], onwarn: failOnWarning }),
  );
}

/** An unresolved import would leave a bare specifier in the page and measure a broken app. */
function failOnWarning(warning: { code?: string; message: string }): void {
  throw new Error(`bench bundle: ${warning.message}`);
}

/** Bytes of `code` after gzip -9: what the bench reports as a page's JavaScript. */
export const gzipBytes = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;
