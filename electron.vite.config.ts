import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { devContentSecurityPolicy, metaContentSecurityPolicy } from './src/shared/csp'

/** Puts the one Content-Security-Policy (src/shared/csp.ts) into index.html. */
function contentSecurityPolicyMeta(): Plugin {
  let policy = metaContentSecurityPolicy
  return {
    name: 'tutordesk:csp-meta',
    configResolved(config) {
      policy = config.command === 'serve' ? devContentSecurityPolicy : metaContentSecurityPolicy
    },
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Packages bundled, not loaded from node_modules at start-up: Node's ES-module loader
      // resolves, reads, parses and links each file of a package on its own (zod, openai and
      // electron-store with its dependencies are hundreds): main's imports took 200 ms, bundled
      // 81 ms (scripts/bench/startup.mts, full database, idle 2 cores). mathjs goes into the tools'
      // chunk, loaded on their first call. So they are devDependencies: package.json's
      // "dependencies" hold only what the packaged app loads from node_modules — node-sqlite3-wasm,
      // which reads its .wasm from beside its own file (electron-vite leaves those external).
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/main/electron/index.ts') },
        // Electron 28+ runs an ES-module main; electron-store is ESM-only.
        output: { format: 'es' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one CommonJS file that requires only `electron`:
      // bundle every dependency (zod, the shared contract) into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; minified, the page parses and compiles
      // less JavaScript at start-up (source maps stay off: no source ships with the app).
      minify: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
})
