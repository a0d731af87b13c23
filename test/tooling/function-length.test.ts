// The SDK's and the reference API's functions stay short enough to read in one go (conventions,
// habit 13): none over 120 lines, counted from its first line to its last, arrow functions passed as
// handlers included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const maxLines = 120;
const root = new URL('../../', import.meta.url).pathname;

function* sourceFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** Every function in `file` with its name (or where it is passed) and length in lines. */
function functionsOf(file: string): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { name: string; lines: number }[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = lineOf(node.getStart(source));
      const name =
        node.name?.getText(source) ??
        (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : 'a function');
      found.push({ name: `${relative(root, file)}:${first} ${name}`, lines: lineOf(node.getEnd()) - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

for (const folder of ['src', 'demo/server']) {
  describe(`${folder} source`, () => {
    it(`has no function over ${maxLines} lines`, () => {
      const long = [...sourceFiles(join(root, folder))].flatMap(functionsOf).filter((fn) => fn.lines > maxLines);
      assert.deepEqual(
        long.map((fn) => `${fn.name} (${fn.lines} lines)`),
        [],
      );
    });
  });
}
