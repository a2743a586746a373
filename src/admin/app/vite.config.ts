import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

// The admin app, built into dist/admin-app and served by the server at /admin (see src/admin/app.routes.ts).
const root = path.dirname(fileURLToPath(import.meta.url))

/** Writes .br and .gz beside each asset, once at build time: the server sends them as they are (`preCompressed`). */
function precompress(): Plugin {
  return {
    name: 'pressroom-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|svg)$/.test(file)) continue
        const full = path.join(options.dir ?? '', file)
        const data = readFileSync(full)
        if (data.length < 1024) continue
        writeFileSync(`${full}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }))
        writeFileSync(`${full}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}

export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react(), precompress()],
  logLevel: 'warn',
  build: {
    outDir: path.resolve(root, '../../../dist/admin-app'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The server's CSP allows no inline code: every asset is a file.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
  },
})
