/// <reference types="vitest/config" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

/**
 * Rollback mode runs on sql.js's asm.js build (the WebView has no WebAssembly). It is 1.4 MB, so it
 * is not in the bundle: this copies it to assets/sql-asm.js, a classic script the page loads only
 * in rollback mode (src/rollback/load-sqljs.ts). See docs/decisions/0046.
 */
function sqlAsmAsset(): Plugin {
  return {
    name: 'isometry-sql-asm',
    apply: 'build',
    generateBundle() {
      const file = createRequire(import.meta.url).resolve('sql.js/dist/sql-asm.js');
      this.emitFile({ type: 'asset', fileName: 'assets/sql-asm.js', source: readFileSync(file) });
    },
  };
}

/**
 * The page is loaded by JavaFX WebView from a jar:file:...!/web/index.html URL, where ES module
 * scripts do not load reliably. The bundle is therefore a classic IIFE script, and this plugin
 * rewrites the script tag Vite emits into a plain deferred classic script.
 */
function classicScript(): Plugin {
  return {
    name: 'isometry-classic-script',
    enforce: 'post',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(/<script\b([^>]*)>/g, (_tag, attrs: string) => {
        let rewritten = attrs
          .replace(/\s+type="module"/g, '')
          .replace(/\s+crossorigin(="[^"]*")?/g, '');
        if (!/\sdefer\b/.test(rewritten)) rewritten += ' defer';
        return `<script${rewritten}>`;
      }).replace(/<link\b([^>]*)>/g, (_tag, attrs: string) =>
        `<link${attrs.replace(/\s+crossorigin(="[^"]*")?/g, '')}>`);
    },
  };
}

export default defineConfig({
  base: './',
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  plugins: [classicScript(), sqlAsmAsset()],
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      output: {
        format: 'iife',
        inlineDynamicImports: true,
        entryFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
