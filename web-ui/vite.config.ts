/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';

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
  plugins: [classicScript()],
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
