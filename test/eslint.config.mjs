// ESLint (flat config), run from the repository root: `eslint --config test/eslint.config.mjs .`
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './eslint/layers.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**', 'test-results/**', '.data/**', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/best-practice'],
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { layers },
    rules: {
      'layers/one-way': 'error',
      // Customer data is untrusted text: no raw-HTML or raw-CSS escape hatches in the SDK.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'lit/directives/unsafe-html.js', message: 'Customer data is untrusted: render it as text.' },
            { name: 'lit/directives/unsafe-svg.js', message: 'Use inline `svg` templates with static markup.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='innerHTML']", message: 'Render through Lit templates.' },
        {
          selector: "CallExpression[callee.property.name='setItem']",
          message: 'Tokens and customer data never touch storage here.',
        },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['test/**/*.{ts,mjs}', 'demo/**/*.{ts,js,mjs}', '*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.mocha } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
