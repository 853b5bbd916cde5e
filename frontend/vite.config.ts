import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const outDir = resolve(import.meta.dirname, 'dist');

// keepDist re-creates dist/.keep after every build. Vite empties the output
// folder before writing, but the Go side embeds `all:frontend/dist`, which must
// never be empty, and git tracks only dist/.keep.
function keepDist(): Plugin {
  return {
    name: 'innkeep-keep-dist',
    apply: 'build',
    closeBundle() {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(resolve(outDir, '.keep'), '');
    },
  };
}

// During `npm run dev`, API calls go to a running `innkeep serve`.
const apiTarget = process.env.INNKEEP_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [svelte(), svelteTesting(), keepDist()],
  base: '/',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs; the Go server sends a strict CSP
    // (default-src 'self') that would block them.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
