// Lint: the recommended rules, the async rules that need types (a forgotten promise is a lost
// error), and the import boundaries of docs/ARCHITECTURE.md, enforced so they cannot rot
// (scripts/boundaries.test.ts proves each one fails on a crossing).
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'util', 'events', 'stream', 'worker_threads', 'url', 'buffer'];
const electron = ['electron', 'electron/*'];
const react = ['react', 'react-dom', 'react/*', 'react-dom/*'];

// Our imports are relative, so a folder of ours is `../<name>/` at any depth (no two of our
// folders share a name): this matches an import of any of `folders`.
const into = (folders) => `^(\\.\\./)+(electron/)?(${folders.join('|')})/`;
const outside = ['renderer', 'e2e', 'bench', 'scripts']; // no process folder imports these
const lib = 'electron/lib/ (what both the core and the hosts use)';

// One entry per folder: what it may import, as the patterns that forbid everything else. One
// rule per file (a later entry would replace, not add to, an earlier one's patterns).
const boundaries = [
  {
    files: ['shared/**'],
    patterns: [
      { group: [...nodeBuiltins, ...electron, ...react], message: 'shared/ is the contract: no node:, electron or react.' },
      { regex: '^\\.\\./', message: 'shared/ is the contract: it imports nothing of ours outside shared/.' },
    ],
  },
  {
    files: ['renderer/**'],
    patterns: [
      { group: [...nodeBuiltins, ...electron], message: 'The renderer is sandboxed: it sees only window.netns, never node: or electron.' },
      { regex: into(['electron', 'e2e', 'bench', 'scripts']), message: 'The renderer imports only shared/ (and reaches the rest through window.netns).' },
    ],
  },
  {
    files: ['electron/lib/**'],
    patterns: [
      { group: [...electron, ...react], message: 'electron/lib/ runs in plain Node.' },
      { regex: into(['core', 'nm', 'host', 'main', 'preload', 'serve', 'cli', ...outside]), message: 'electron/lib/ imports only shared/.' },
    ],
  },
  {
    files: ['electron/core/**'],
    patterns: [
      { group: [...electron, ...react], message: 'The core runs as root in plain Node: no electron, no react.' },
      { regex: into(['nm', 'host', 'main', 'preload', 'serve', 'cli', ...outside]), message: `electron/core imports only shared/ and ${lib}.` },
    ],
  },
  {
    files: ['electron/nm/**'],
    patterns: [
      { group: [...electron, ...react], message: 'The NetworkManager client runs in plain Node: no electron, no react.' },
      { regex: into(['core', 'host', 'main', 'preload', 'serve', 'cli', ...outside]), message: `electron/nm imports only shared/ and ${lib}.` },
    ],
  },
  {
    files: ['electron/host/**'],
    patterns: [
      { group: [...electron, ...react], message: 'electron/host is shared by both hosts: no electron, no react.' },
      { regex: into(['core', 'main', 'preload', 'serve', 'cli', ...outside]), message: `electron/host reaches the core through the helper process only; it imports shared/ and ${lib}.` },
      { regex: into(['nm']), allowTypeImports: true, message: 'electron/host is given its NetworkManager client by the host that starts it: import its types only.' },
    ],
  },
  {
    files: ['electron/main/**'],
    patterns: [
      { group: react, message: 'The main process does not render.' },
      { regex: into(['core', 'cli', 'serve', 'preload', ...outside]), message: `The hosts reach the core through electron/host's helper only; they import shared/, ${lib}, electron/host/ and electron/nm/client.` },
      { regex: '^(\\.\\./)+(electron/)?nm/(?!client$)', message: 'The hosts create the NetworkManager client through electron/nm/client only.' },
    ],
  },
  {
    files: ['electron/serve/**'],
    patterns: [
      { group: [...electron, ...react], message: 'The browser host runs in plain Node: no electron, no react.' },
      { regex: into(['core', 'cli', 'main', 'preload', ...outside]), message: `The hosts reach the core through electron/host's helper only; they import shared/, ${lib}, electron/host/ and electron/nm/client.` },
      { regex: '^(\\.\\./)+(electron/)?nm/(?!client$)', message: 'The hosts create the NetworkManager client through electron/nm/client only.' },
    ],
  },
  {
    files: ['electron/preload/**'],
    patterns: [
      { group: [...nodeBuiltins, ...react], message: 'The preload runs in a sandboxed renderer: electron and shared/ only.' },
      { regex: into(['lib', 'core', 'nm', 'host', 'main', 'serve', 'cli', ...outside]), message: 'The preload imports only shared/ (one small bundle, nothing of the main process).' },
    ],
  },
  {
    files: ['electron/cli/**'],
    patterns: [
      { group: [...electron, ...react], message: 'netns-ctl runs in plain Node: no electron, no react.' },
      { regex: into(['host', 'main', 'preload', 'serve', ...outside]), message: `netns-ctl imports shared/, ${lib}, electron/core and electron/nm, not the hosts.` },
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // With types, through the projects of tsconfig.json (every .ts/.tsx file is in one of them).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // CommonJS on purpose (a launcher that starts fast): require() is its import.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...boundaries.map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })),
);
