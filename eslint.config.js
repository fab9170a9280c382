// Process boundaries are enforced here (STYLE.md, "Process boundaries"):
//  - src-shared is pure: no node:, DOM-only or electron imports;
//  - src-main/engine never imports electron (it runs and is tested under plain Node);
//  - src-renderer never imports src-main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'stream', 'url', 'http', 'https', 'net', 'zlib'];

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...nodeBuiltins, 'electron', 'react', 'react-dom', '**/src-main/**', '**/src-renderer/**', '../src-main/*', '../src-renderer/*'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The engine and the CLI run under plain Node; Electron code lives in src-main/*.ts.' }], patterns: ['**/src-renderer/**'] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [...nodeBuiltins, 'electron', '**/src-main/**', '../src-main/*', '../../src-main/*'] }],
    },
  },
  {
    files: ['src-main/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs', 'bin/**/*.js', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
);
