// Three builds from one source:
//  1. dist/esm/**: ES modules for npm users, one file per source module, dependencies external;
//  2. dist/crm-widgets.js: one minified ES module with every dependency inlined (CDN use);
//  3. dist/crm-widgets.iife.js: one minified classic script, everything inlined, `window.CrmWidgets`.
// Types come from `tsc --emitDeclarationOnly` (see the `build` script); the manifest from `cem`.
// Only the ES modules have source maps (with their sources inside, as src/ is not shipped); the two
// bundles have none, which would add about 1 MB to the package for code few step through.
import { readdirSync, readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import { defaultStrategy } from '@lit-labs/rollup-plugin-minify-html-literals/lib/strategy.js';
import { oneClassicScript } from './build/one-classic-script.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
/** Every element's registration file, `src/components/<folder>/crm-*.ts`, is an entry of its own. */
const elementEntries = Object.fromEntries(
  readdirSync('src/components', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap(({ name }) =>
      readdirSync(`src/components/${name}`)
        .filter((file) => /^crm-[a-z-]+\.ts$/.test(file))
        .map((file) => [`components/${name}/${file.slice(0, -3)}`, `src/components/${name}/${file}`]),
    ),
);
const isExternal = (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`));

// Safari/iOS 16 is the floor (WPE 2.38 in the tests): no class static blocks, so ES2021 output.
const target = ['es2021', 'safari16', 'chrome109', 'firefox115'];
const typescript = () => esbuild({ target, tsconfig: 'tsconfig.json', sourceMap: true });
const production = () =>
  replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } });
/**
 * lightningcss minifies whole stylesheets; a `css` fragment of declarations (the dark tokens,
 * interpolated into two rules) is minified inside a rule and taken out of it again.
 */
const templateStrategy = {
  ...defaultStrategy,
  minifyCSS(text, options) {
    if (text.includes('{')) return defaultStrategy.minifyCSS(text, options);
    return defaultStrategy.minifyCSS(`a{${text}}`, options).slice(2, -1);
  },
};
/**
 * Templates and CSS are written readably (indented, one element or rule per line); this minifies
 * the `html` and `css` tagged templates of our own source for every output, before TypeScript is
 * compiled. The browser tests apply the same transform (test/web-test-runner.config.mjs).
 */
export const minifyTemplates = () =>
  minifyHtmlLiterals({
    include: ['src/**/*.ts'],
    failOnError: true,
    options: { strategy: templateStrategy, minifyOptions: { removeAttributeQuotes: true } },
  });
/**
 * The classic script's parts are rollup's chunks, and every boundary between two costs bytes (an
 * export and a property read for each name crossing it). The small modules that several parts use
 * (the events, the strings' code and formatting, the announcer, safe URLs) make one part, run at
 * start, instead of a handful of tiny ones; each element's English goes with them (small object
 * literals: 0.6 kB gzip less than in the elements' parts, as gzip then finds them beside the
 * shared English). Other locales stay parts of their own. Measured with the bridge a part of its
 * own, the script is 0.7 kB gzip smaller this way than with rollup's own split.
 */
const sharedPart = (id) =>
  /\/src\/(events\/|core\/(announcer|safe-url)\.ts|i18n\/(en|en-[a-z-]+|format|index|error-message|strings)\.ts)/.test(
    id.replaceAll('\\', '/'),
  )
    ? 'shared'
    : undefined;
const minify = () => terser({ ecma: 2020, module: true, compress: { passes: 3 }, format: { comments: false } });

export default [
  {
    input: {
      'crm-widgets': 'src/crm-widgets.ts',
      index: 'src/index.ts',
      define: 'src/define.ts',
      ...elementEntries,
      'bridge/index': 'src/bridge/index.ts',
      'react/index': 'src/react/index.ts',
    },
    external: isExternal,
    plugins: [minifyTemplates(), typescript()],
    output: {
      dir: 'dist/esm',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      entryFileNames: '[name].js',
      sourcemap: true,
    },
  },
  {
    input: 'src/crm-widgets.ts',
    plugins: [production(), nodeResolve({ browser: true }), minifyTemplates(), typescript(), minify()],
    output: { file: 'dist/crm-widgets.js', format: 'es', inlineDynamicImports: true },
  },
  {
    // Split as usual, then joined into one classic script in which each element's part is a
    // function run on the element's first use (build/one-classic-script.mjs, src/loader.ts).
    input: { 'crm-widgets': 'src/iife.ts' },
    plugins: [production(), nodeResolve({ browser: true }), minifyTemplates(), typescript()],
    output: {
      dir: 'dist',
      format: 'amd',
      amd: { autoId: true },
      entryFileNames: '[name].entry.js',
      chunkFileNames: '[name].js',
      manualChunks: sharedPart,
      plugins: [
        oneClassicScript({
          name: 'CrmWidgets',
          fileName: 'crm-widgets.iife.js',
          terser: { ecma: 2020, module: false, compress: { passes: 3 } },
        }),
      ],
    },
  },
];
