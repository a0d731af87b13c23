// The custom elements manifest (`custom-elements.json`, made by `npm run build`) and what is made
// from it for frameworks and editors. Run from the repository root:
// `cem analyze --config docs/custom-elements-manifest.config.mjs`.
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { modulePathResolverPlugin } from '@wc-toolkit/module-path-resolver';
import { frameworkTypes } from './framework-types.mjs';

/** `src/components/x/y.ts` → the shipped `dist/esm/components/x/y.js`. */
const shipped = (path) => path.replace(/^src\//, 'dist/esm/').replace(/\.ts$/, '.js');

/**
 * Events come from each class's `@fires` tags. The analyzer also reads every
 * `dispatchEvent(new SomeEvent(value))` as an event named after the argument (`error`, or none):
 * those are not events, and only `crm-*` names are kept, once each.
 */
const firedEventsOnly = () => ({
  name: 'crm-fired-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (!declaration.events) continue;
        const seen = new Set();
        declaration.events = declaration.events.filter(
          (event) => event.name?.startsWith('crm-') && !seen.has(event.name) && seen.add(event.name),
        );
      }
    }
  },
});

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/react/**'],
  outdir: '.',
  litelement: true,
  plugins: [
    firedEventsOnly(),
    frameworkTypes(),
    modulePathResolverPlugin({ modulePathTemplate: shipped, definitionPathTemplate: shipped, hideLogs: true }),
    customElementVsCodePlugin({
      outdir: 'dist',
      htmlFileName: 'vscode.html-custom-data.json',
      cssFileName: 'vscode.css-custom-data.json',
      hideLogs: true,
    }),
  ],
};
