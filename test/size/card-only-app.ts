/**
 * Writes the JavaScript an npm app ships when it imports only `crm-widgets/customer-card.js` and
 * `configure` (from `crm-widgets/index.js`), bundled as a partner's production build would
 * (rollup, node-resolve with the package's `exports` and `sideEffects`, terser), for the size
 * budget in test/size-limit.json. Only the entry chunk counts: what the app loads at start (the
 * card's nested insights and the offline code are chunks it loads when used). Needs `dist/esm/`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildNpmCardApp, gzipBytes } from '../bench/card-bundles.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = await buildNpmCardApp(root);
const code = app.files.get(app.entry)!;
mkdirSync(`${root}test-results/size`, { recursive: true });
writeFileSync(`${root}test-results/size/card-only-app.js`, code);
console.log(
  `npm card-only app: ${gzipBytes(code).toLocaleString('en')} B gzip -9 at start (test-results/size/card-only-app.js)`,
);
