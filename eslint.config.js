// The process boundaries of the tree, enforced so they cannot rot (see docs/ARCHITECTURE.md).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'util', 'events', 'stream', 'worker_threads', 'url', 'buffer'];
const forbid = (groups, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS on purpose (a launcher that starts fast): require() is its import.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: forbid([...nodeBuiltins, 'electron', 'electron/*', 'react', 'react-dom', '../electron/*', '../renderer/*'],
      'shared/ is the contract: it imports nothing from node:, electron, the DOM or another process folder.'),
  },
  {
    files: ['electron/core/**/*.ts', 'electron/host/**/*.ts', 'electron/nm/**/*.ts', 'electron/cli/**/*.ts', 'electron/serve/**/*.ts'],
    rules: forbid(['electron', 'electron/*', 'react', 'react-dom', '../../renderer/*'],
      'Only electron/main and electron/preload may import electron; core, host, nm, cli and serve run in plain Node.'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: forbid([...nodeBuiltins, 'electron', 'electron/*', '../electron/*', '../../electron/*'],
      'The renderer is sandboxed: it sees only window.netns, never node: or electron.'),
  },
);
