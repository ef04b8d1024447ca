// Lint for the sources, tests, examples and bench. Type-aware rules stay off to keep `npm test`
// fast; tsc (strict, noUnusedLocals/Parameters) does the type checking.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', 'examples/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setImmediate: 'readonly', clearImmediate: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        queueMicrotask: 'readonly', globalThis: 'readonly', performance: 'readonly', TextEncoder: 'readonly',
        TextDecoder: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', Buffer: 'readonly',
        URL: 'readonly', structuredClone: 'readonly', MessageChannel: 'readonly', WritableStream: 'readonly',
        ReadableStream: 'readonly', Event: 'readonly', EventTarget: 'readonly', DOMException: 'readonly',
        __dirname: 'readonly', require: 'readonly', module: 'writable', gc: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Tests and hand-written streams build deliberately wrong values; `any` stays out of src.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
  {
    // Declaration merging needs the interface's own type-parameter names, used or not.
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^(_|[A-Z]$)', caughtErrors: 'none' }] },
  },
  {
    files: ['**/test/**', 'examples/**', 'bench/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-this-alias': 'off',
      // A spawn body that never suspends is a legitimate test case.
      'require-yield': 'off',
    },
  },
);
