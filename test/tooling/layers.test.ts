// The layer rule (test/eslint/layers.mjs) fires on imports against the flow and stays quiet on the rest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ overrideConfigFile: 'test/eslint.config.mjs' });

/** The layer rule's messages for `code` linted as if it were the file `filePath`. */
async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'layers/one-way').map((message) => message.message);
}

describe('the one-way layer rule', () => {
  it('fires when a lower layer imports a higher one', async () => {
    const messages = await layerMessages('src/api/fixture.ts', "export { createCrm } from '../stores/crm.js';\n");
    assert.deepEqual(messages, [
      'src/api (layer 0) must not import src/stores (layer 3): imports run down the layers only (docs/architecture.md).',
    ]);
  });

  it('fires when the stores import an element, or core imports the i18n beside it', async () => {
    assert.equal((await layerMessages('src/stores/fixture.ts', "import '../components/crm-element.js';\n")).length, 1);
    assert.equal(
      (
        await layerMessages(
          'src/core/fixture.ts',
          "import { stringsFor } from '../i18n/index.js';\nstringsFor('en');\n",
        )
      ).length,
      1,
    );
  });

  it('fires when a folder imports an entry, also through a dynamic import', async () => {
    const messages = await layerMessages('src/components/order-list/fixture.ts', "void import('../../define.js');\n");
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /must not import src\/define\.ts \(an entry\)/);
  });

  it('lets a module import its own folder and the layers below it', async () => {
    const code = [
      "import { createCrm } from '../../stores/crm.js';",
      "import { CrmElement } from '../crm-element.js';",
      "import { version } from '../../version.js';",
      'export { createCrm, CrmElement, version };',
      '',
    ].join('\n');
    assert.deepEqual(await layerMessages('src/components/provider/fixture.ts', code), []);
    assert.deepEqual(await layerMessages('src/index.ts', "export * from './components/crm-element.js';\n"), []);
  });
});
