// The renderer's build: one sandboxed page loaded from file:// by Electron or served by the
// browser host, so every URL is relative (base './') and the layout worker is an ES module.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The page runs under a CSP without 'unsafe-inline': keep every script and style a file.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
});
