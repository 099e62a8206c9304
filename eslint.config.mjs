// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const noContract = { group: ['**/shared/contract'], message: 'Depend on the domain (shared/domain, shared/domain-schemas, shared/events), not on the IPC contract.' }

/** The import rules for code outside src/main/electron, plus `patterns` of its own folder. */
function importRules(patterns = []) {
  return {
    paths: [
      { name: 'electron', message: 'Only src/main/electron may import electron; pass what you need in from there.' },
      { name: 'electron-store', message: 'electron-store imports electron: only src/main/electron may use it.' },
    ],
    patterns: [{ group: ['**/electron/*', '!electron/*'], message: 'The application never imports the Electron adapters; they import it.' }, ...patterns],
  }
}

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{mjs,cjs,js}'], languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    // Stand-ins mirror Electron's loosely typed listener signatures.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The renderer must never reach Node or Electron directly: only through the bridge.
      'no-restricted-imports': 'off',
    },
  },
  // Where code runs decides what it may import: only src/main/electron (and the preload) may
  // reach Electron; the application beside it runs, and is tested, in plain Node. Persistence
  // and the engine depend on the domain shapes, not on the IPC contract that carries them.
  {
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: { 'no-restricted-imports': ['error', importRules()] },
  },
  {
    files: ['src/main/engine/**/*.ts', 'src/main/tools/**/*.ts', 'src/main/common/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', importRules([noContract])] },
  },
  {
    files: ['src/main/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', importRules([noContract, { group: ['**/engine/*', '**/engine'], message: 'The store knows nothing of how runs execute.' }])] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'node:*', '**/main/**', '**/preload/**'], message: 'The renderer talks to main only through the contract bridge.' },
          ],
        },
      ],
    },
  },
)
