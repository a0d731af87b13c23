// A rollup output plugin that makes one classic script out of a code-split build, so that a page
// evaluates only the code it uses while the SDK stays one self-contained file (one script tag,
// also from `file://`, where WKWebView and Android WebView refuse module scripts and `import()`).
//
// The build is split by rollup as usual (`format: 'amd'`, `amd.autoId`): the entry chunk, and one
// chunk per lazily imported part. This plugin joins the chunks into one file, each chunk's code a
// function registered under its name, with a loader of a few lines: the entry runs when the script
// runs, and a chunk's function runs the first time something `import()`s it (in a microtask, as a
// real `import()` would resolve). Engines only pre-parse a function that is not called, so the
// code of an element the page does not use is neither compiled nor run.
//
// The functions are not wrapped in parentheses (terser's `wrap_func_args` is turned off): V8 and
// JavaScriptCore take a parenthesised function as one about to be called and compile it eagerly.
import { minify } from 'terser';

/**
 * The loader. `define(id, deps, factory)` is what rollup's AMD chunks call; `load(id)` runs a
 * chunk once and answers its exports; a chunk's `require([id], resolve, reject)` is its `import()`.
 */
const loader = `
var factories = {}, modules = {};
function define(id, deps, factory) { factories[id] = [deps, factory]; }
function load(id) {
  id = id.replace('./', '');
  if (modules[id]) return modules[id];
  var exports = (modules[id] = {});
  var entry = factories[id];
  entry[1].apply(undefined, entry[0].map(function (dep) {
    return dep === 'exports' ? exports : dep === 'require' ? lazyRequire : load(dep);
  }));
  return exports;
}
function lazyRequire(ids, resolve, reject) {
  Promise.resolve(ids[0]).then(load).then(resolve, reject);
}
`;

/**
 * @param {{ name: string; fileName: string; terser?: import('terser').MinifyOptions }} options
 *   `name`: the global the entry's exports are assigned to; `fileName`: the one file written.
 * @returns {import('rollup').Plugin}
 */
export function oneClassicScript({ name, fileName, terser = {} }) {
  return {
    name: 'one-classic-script',
    async generateBundle(outputOptions, bundle) {
      if (outputOptions.format !== 'amd' || !outputOptions.amd?.autoId)
        this.error('oneClassicScript needs `format: "amd"` and `amd: { autoId: true }`.');
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const entry = chunks.find((chunk) => chunk.isEntry);
      if (!entry || chunks.some((chunk) => chunk.isEntry && chunk !== entry))
        this.error('oneClassicScript takes exactly one entry.');
      const id = (chunk) => chunk.fileName.replace(/\.js$/, '');
      const code = `var ${name} = (function () {
${loader}
${chunks.map((chunk) => chunk.code).join('\n')}
return load(${JSON.stringify(id(entry))});
})();`;
      const minified = await minify(code, {
        ...terser,
        format: { comments: false, ...terser.format, wrap_func_args: false },
      });
      for (const chunk of chunks) delete bundle[chunk.fileName];
      this.emitFile({ type: 'asset', fileName, source: minified.code });
    },
  };
}
