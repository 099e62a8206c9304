import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// No Electron binary exists where tests run: every import of `electron` gets the stand-in.
const electronStandIn = { electron: resolve(__dirname, 'test/support/electron-stub.ts') }

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: electronStandIn },
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // Generous limits, not performance checks: CI machines may be slow and busy.
          testTimeout: 30_000,
          // electron-store imports `electron` itself; inline it so it gets the stand-in too.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'build',
          include: ['test/build/**/*.test.ts'],
          environment: 'node',
          // These start plain Node processes over the built bundles.
          testTimeout: 60_000,
        },
      },
    ],
  },
})
