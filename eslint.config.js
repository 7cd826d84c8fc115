// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Layers that must stay free of our other layers (ARCHITECTURE.md, goal 2). */
const layerRule = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
})

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'reports/',
      'coverage/',
      '.probe-*/',
      '.data/',
      '.stryker-tmp/',
      'examples/site/_site/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.check.json',
          './src/browser/tsconfig.json',
          './src/browser/tsconfig.test.json',
          './src/dashboard/client/tsconfig.json',
          './test/browser/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', AbortController: 'readonly', console: 'readonly' },
    },
  },
  {
    files: ['src/lib/**', 'src/protocol/**'],
    rules: layerRule([
      { group: ['../*'], message: 'lib/ and protocol/ depend on nothing of ours.' },
    ]),
  },
  {
    files: ['src/browser/**'],
    rules: layerRule([
      // '!../protocol' too: gitignore-style patterns cannot re-include a file of an excluded folder.
      {
        group: ['../*', '!../protocol', '!../protocol/*'],
        message: 'browser/ may only import protocol/.',
      },
    ]),
  },
  {
    files: [
      'src/policy/**',
      'src/auth/**',
      'src/collector/**',
      'src/store/**',
      'src/stats/**',
      'src/publish/**',
      'src/eleventy/**',
    ],
    rules: layerRule([
      { group: ['../cli/*', '../../cli/*'], message: 'Only cli/ composes the application.' },
      {
        group: ['**/store/duckdb/*', '**/store/clickhouse/*', './duckdb/*', './clickhouse/*'],
        message: 'Adapters are picked only in cli/.',
      },
    ]),
  },
  {
    files: ['src/dashboard/client/**'],
    rules: layerRule([
      {
        group: ['../*', '!../../stats', '!../../stats/*'],
        message: 'The dashboard module runs in the browser: it may only import stats/ types.',
      },
    ]),
  },
  {
    files: ['src/store/duckdb/**', 'src/store/clickhouse/**'],
    rules: layerRule([{ group: ['../../cli/*'], message: 'Only cli/ composes the application.' }]),
  },
  {
    files: ['test/**', '**/*.test.ts', 'src/cli/**', 'bin/**', 'scripts/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
)
