// The offline build: the whole page (engine, fonts, styles) inlined into one HTML file, which
// scripts/build.sh copies to dist/playground.html so it opens straight from disk (file://).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { shared } from './vite.config.js';

export default defineConfig({
  ...shared,
  plugins: [...shared.plugins, viteSingleFile()],
  build: {
    outDir: fileURLToPath(new URL('../build/single', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
  },
});
