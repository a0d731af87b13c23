// The theming rules every element's CSS keeps: colours and sizes come from tokens only (raw values
// live in src/theme/theme.styles.ts), every private `--_x` variable read is defined, and physical
// directions are not used where RTL needs logical ones.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const componentStyles = readdirSync(join(src, 'components'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.styles.ts'))
  .map((file) => ({ file: `components/${file}`, text: readFileSync(join(src, 'components', file), 'utf8') }));
const shared = { file: 'theme/shared.styles.ts', text: readFileSync(join(src, 'theme/shared.styles.ts'), 'utf8') };
const theme = readFileSync(join(src, 'theme/theme.styles.ts'), 'utf8');

/** The CSS text of a styles module: its template literals, comments removed. */
function cssOf(text: string): string {
  const literals = [...text.matchAll(/css`([\s\S]*?)`/g)].map((match) => match[1]!);
  return literals.join('\n').replace(/\/\*[\s\S]*?\*\//g, '');
}

const defined = (text: string) => new Set([...cssOf(text).matchAll(/(--_[\w-]+)\s*:/g)].map((match) => match[1]!));

describe('component styles', () => {
  it('finds the styles of every element', () => {
    assert.ok(componentStyles.length >= 1, 'no component styles found');
    assert.ok(componentStyles.some(({ file }) => file.includes('customer-card')));
  });

  for (const { file, text } of [...componentStyles, shared]) {
    describe(file, () => {
      const css = cssOf(text);

      it('uses no raw colours', () => {
        const raw = css.match(
          /#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|oklch|lab|lch|color-mix)\(|(?<![\w-])(?:white|black|red|blue|green|gray|grey)(?![\w-])/g,
        );
        assert.equal(raw, null, `raw colours: ${raw?.join(', ')}`);
      });

      // The shared theme file may hold the 1 px of the visually-hidden pattern; elements may not.
      it(
        'uses no raw pixel sizes (tokens, rem/em and percentages instead)',
        { skip: file.startsWith('theme/') },
        () => {
          const pixels = css.match(/\b\d+(?:\.\d+)?px\b/g);
          assert.equal(pixels, null, `pixel sizes: ${pixels?.join(', ')}`);
        },
      );

      it('reads only private variables that are defined', () => {
        const available = new Set([...defined(theme), ...defined(shared.text), ...defined(text)]);
        const read = [...css.matchAll(/var\(\s*(--_[\w-]+)/g)].map((match) => match[1]!);
        const missing = [...new Set(read.filter((name) => !available.has(name)))];
        assert.deepEqual(missing, [], `undefined private variables: ${missing.join(', ')}`);
      });

      it('uses logical properties, so right-to-left pages lay out mirrored', () => {
        const physical = css.match(
          /(?:^|[\s;{])(?:margin|padding|border)-(?:left|right)\b|(?:^|[\s;{])(?:left|right)\s*:|text-align:\s*(?:left|right)|float:\s*(?:left|right)/gm,
        );
        assert.equal(physical, null, `physical properties: ${physical?.join(', ')}`);
      });
    });
  }
});
