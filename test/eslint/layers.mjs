// The one-way layers of src/ as a lint rule: a module may import its own folder and the layers
// below it, never a layer above it or another folder of its own layer. docs/architecture.md
// explains the flow; this table is its single source.
import { dirname, relative, resolve, sep } from 'node:path';

/** Folders (and root files) of src/, lowest layer first. Anything not listed is an entry (the top). */
export const layers = [
  ['api', 'theme', 'controllers', 'version.ts', 'env.d.ts'],
  ['core', 'events', 'i18n'],
  ['offline'],
  ['stores'],
  ['context', 'bridge', 'webview'],
  ['components'],
];

const source = resolve(dirname(new URL(import.meta.url).pathname), '../../src');

/** The folder (or root file) of src/ that `file` belongs to, and its layer; entries are layer Infinity. */
function placeOf(file) {
  const path = relative(source, file);
  if (path.startsWith('..')) return undefined;
  const [top, ...rest] = path.split(sep);
  const name = rest.length === 0 ? top.replace(/\.js$/, '.ts') : top;
  const layer = layers.findIndex((folders) => folders.includes(name));
  return { name, layer: layer === -1 ? Infinity : layer };
}

/** @type {import('eslint').Rule.RuleModule} */
const oneWay = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Imports in src/ follow the layers: api ← stores ← context ← components (docs/architecture.md).',
    },
    schema: [],
  },
  create(context) {
    const from = placeOf(context.filename);
    if (!from || from.layer === Infinity) return {};
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = placeOf(resolve(dirname(context.filename), specifier));
      if (!to || to.name === from.name || to.layer < from.layer) return;
      context.report({
        node: node.source,
        message: `src/${from.name} (layer ${from.layer}) must not import src/${to.name} (${
          to.layer === Infinity ? 'an entry' : `layer ${to.layer}`
        }): imports run down the layers only (docs/architecture.md).`,
      });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'one-way': oneWay } };
