import path from 'node:path'
import { build } from 'vite'

// From __filename, not __dirname: tsx (which runs the benchmark) sets only __filename for this file.
const here = path.dirname(__filename)

export const loopbackBridgeFile = path.resolve(here, '../../../out/test/loopback-bridge.js')

/** Bundles the loopback bridge (with the shared bridge and channel names) into one classic script. */
export async function buildLoopbackBridge(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: path.dirname(loopbackBridgeFile),
      emptyOutDir: false,
      minify: false,
      lib: {
        entry: path.resolve(here, '../loopback/bridge.ts'),
        formats: ['iife'],
        name: 'tutordeskLoopbackBridge',
        fileName: () => path.basename(loopbackBridgeFile),
      },
    },
  })
  return loopbackBridgeFile
}
