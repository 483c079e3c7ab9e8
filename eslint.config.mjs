// Lint: ESLint's and typescript-eslint's recommended rules over the TypeScript
// sources; formatting is Prettier's (.prettierrc.json). `npm run lint`, run by CI.
// Each rule turned off or tuned below says why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'test-artifacts/', 'test/fixtures/', '**/*.d.ts', '**/*.js', '**/*.mjs'] },
  // Some files carry directives for rules this config does not enable (e.g. no-console).
  { linterOptions: { reportUnusedDisableDirectives: 'off' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // The TypeScript compiler resolves every name (and knows Node's and VS Code's globals),
      // and reports unused locals and parameters itself (noUnusedLocals, noUnusedParameters).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      // Build logs carry ANSI escapes: matching them is the point.
      'no-control-regex': 'off',
      // Tight scanners write `cond && act()` and comma statements (`out.push(x), i++`) on purpose.
      '@typescript-eslint/no-unused-expressions': 'off',
      // `{} extends Record<T, 1>` is a type-level test (nixWriter's literal types), not an empty object type.
      '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }],
      // A generator that hands out iterators names its owner `self`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // LSP responses over the wire are untyped JSON.
      '@typescript-eslint/no-explicit-any': 'off',
      // Assertions on generated Nix spell its indentation out literally.
      'no-regex-spaces': 'off',
      // Tests feed numbers past 2^53 on purpose (ids Nix prints).
      'no-loss-of-precision': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
