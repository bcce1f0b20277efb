// ESLint (flat config) for the repository's JavaScript: the page (web/), the tests, the scripts, the
// benchmarks and the engine module's JS (wasm/api.js, wasm/no-fetch.js). Run by scripts/lint.sh (`npm run lint`).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['build/', 'dist/', 'node_modules/'] },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': [
        'error',
        { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  // The page runs in browsers; its Vite configs in node.
  { files: ['web/src/**/*.js'], languageOptions: { globals: globals.browser } },
  { files: ['web/*.js', 'eslint.config.js'], languageOptions: { globals: globals.node } },
  // Tests, scripts and benchmarks run in node; the browser tests and the page bench also hand functions to
  // the page.
  {
    files: ['tests/**/*.{js,mjs}', 'scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: [
      'tests/browser/**/*.{js,mjs}',
      'tests/web/**/*.{js,mjs}',
      'tests/js/csp.test.mjs',
      'tests/js/fixtures/**',
      'bench/frames.mjs',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  // wasm/api.js is appended inside the Emscripten module (--post-js): a script that shares the module's scope,
  // whose top-level names the C++ side reads (wasm/adapters.cpp); var is the module's own style there.
  {
    files: ['wasm/api.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        ...globals.browser,
        Module: 'writable',
        ClassHandle: 'readonly',
        stackSave: 'readonly',
        stackRestore: 'readonly',
        runtimeInitialized: 'readonly',
        addOnPostRun: 'readonly',
      },
    },
    rules: {
      'no-unused-vars': ['error', { vars: 'local', caughtErrors: 'none' }],
      'no-var': 'off',
      'no-control-regex': 'off', // it escapes control characters in the messages it quotes
      'preserve-caught-error': 'off', // a refusal is a plain Error whose message says why, with no cause attached
    },
  },
  // wasm/no-fetch.js is prepended to the module (--extern-pre-js): its one constant shadows fetch there.
  { files: ['wasm/no-fetch.js'], languageOptions: { sourceType: 'module' }, rules: { 'no-unused-vars': 'off' } },
];
