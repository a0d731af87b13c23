/**
 * Writes the offline code an npm app loads when it turns `offline` on: an app importing
 * `createCrm` from `crm-widgets/index.js` and calling it with `offline: true`, bundled as a
 * partner's production build would (card-bundles.ts: rollup, node-resolve, terser). The offline
 * code is behind a dynamic import, so it is a chunk of its own (with any chunk only it needs);
 * those chunks are what the budget in test/size-limit.json (4 KB gzip, issue #13) counts. Needs
 * `dist/esm/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildNpmApp, gzipBytes, type CardBundle } from '../bench/card-bundles.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = await buildNpmApp(
  root,
  `import { createCrm } from 'crm-widgets/index.js';
window.crm = createCrm({ baseUrl: location.origin + '/', getToken: () => window.benchToken, offline: true });
`,
);

/** A chunk and the chunks it imports statically, transitively. */
function withImports(bundle: CardBundle, fileName: string, into = new Set<string>()): Set<string> {
  if (into.has(fileName)) return into;
  into.add(fileName);
  for (const name of bundle.chunks.get(fileName)!.imports) withImports(bundle, name, into);
  return into;
}

const atStart = withImports(app, app.entry);
const offline = [...app.chunks].find(([, chunk]) =>
  chunk.modules.some((id) => id.endsWith('/stores/offline-flows.js')),
);
if (!offline) throw new Error('offline chunk: no chunk holds stores/offline-flows.js');
const lazy = [...withImports(app, offline[0])].filter((name) => !atStart.has(name));
if (lazy.includes(offline[0]) === false) throw new Error('offline chunk: the offline code is loaded at start');
const code = lazy.map((name) => app.files.get(name)!).join('\n');
mkdirSync(`${root}test-results/size`, { recursive: true });
writeFileSync(`${root}test-results/size/offline-chunk.js`, code);
console.log(
  `offline code (${lazy.join(', ')}): ${gzipBytes(code).toLocaleString('en')} B gzip -9, loaded when offline is on (test-results/size/offline-chunk.js)`,
);
