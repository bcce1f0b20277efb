// Vite build of the page into dist/ with relative paths. dist/ also holds the engine module and its
// declarations (copied by scripts/build.sh), so the output directory is not emptied.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = fileURLToPath(new URL('../dist', import.meta.url));

// dist/ is not emptied (the engine lives there too), so the page's own hashed assets of earlier builds
// are removed here instead.
function cleanAssets() {
  return {
    name: 'clean-page-assets',
    apply: 'build',
    buildStart() {
      rmSync(`${dist}/assets`, { recursive: true, force: true });
    },
  };
}

// KaTeX's stylesheet offers each font as woff2, woff and ttf; every browser the page targets reads woff2,
// so the other two are dropped (they would triple the inlined single file).
export function woff2Only() {
  return {
    name: 'katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css$/.test(id)) return null;
      return code
        .replace(/,\s*url\([^)]*\.woff\)\s*format\("woff"\)/g, '')
        .replace(/,\s*url\([^)]*\.ttf\)\s*format\("truetype"\)/g, '');
    },
  };
}

export const shared = {
  root: here,
  base: './',
  plugins: [woff2Only()],
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
};

export default defineConfig({
  ...shared,
  plugins: [...shared.plugins, cleanAssets()],
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
});
