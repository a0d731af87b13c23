// React ships CommonJS only, which browsers cannot import. For the tests of crm-widgets/react, this
// dev-server plugin serves `react` and `react-dom` (with `/client` and `/server`) as ES modules: one esbuild
// bundle holds all three (so there is one React), and each specifier re-exports its part by name.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const parts = {
  react: 'React',
  'react-dom': 'ReactDOM',
  'react-dom/client': 'ReactDOMClient',
  'react-dom/server': 'ReactDOMServer',
};
const prefix = '/__react-esm/';

/** `export const { a, b } = Part; export default Part;` for every name the CommonJS module has. */
function reexport(specifier) {
  // Read in a child process: React's development build patches the console when it loads.
  const names = JSON.parse(
    execFileSync(process.execPath, ['-p', `JSON.stringify(Object.keys(require('${specifier}')))`], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    }),
  ).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
  const part = parts[specifier];
  return `import { ${part} } from '${prefix}bundle.js';\nexport const { ${names.join(', ')} } = ${part};\nexport default ${part};\n`;
}

let bundle;
async function bundled() {
  const entry = Object.entries(parts)
    .map(([specifier, part]) => `import * as ${part} from '${specifier}';`)
    .concat(`export { ${Object.values(parts).join(', ')} };`)
    .join('\n');
  const result = await build({
    stdin: { contents: entry, resolveDir: process.cwd() },
    bundle: true,
    format: 'esm',
    write: false,
    define: { 'process.env.NODE_ENV': '"development"' },
  });
  return result.outputFiles[0].text;
}

export function reactAsEsm() {
  return {
    name: 'react-as-esm',
    resolveImport({ source }) {
      if (source in parts) return `${prefix}${source.replace('/', '--')}.js`;
    },
    async serve(context) {
      if (!context.path.startsWith(prefix)) return;
      const name = context.path.slice(prefix.length, -'.js'.length);
      if (name === 'bundle') return { body: (bundle ??= await bundled()), type: 'js' };
      return { body: reexport(name.replace('--', '/')), type: 'js' };
    },
  };
}
