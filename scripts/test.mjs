#!/usr/bin/env node
// `npm test`: builds the app, then runs unit, integration and build-output tests (Vitest) and
// the browser tests (Playwright, in a Chromium found on this machine). Stops at the first failure.
import { spawnSync } from 'node:child_process'

const steps = [
  ['Build (electron-vite)', ['electron-vite', 'build']],
  ['Unit, integration and build-output tests (Vitest)', ['vitest', 'run']],
  ['Browser end-to-end tests (Playwright + Chromium)', ['playwright', 'test']],
]

for (const [title, [command, ...args]] of steps) {
  console.log(`\n=== ${title} ===\n`)
  const result = spawnSync('npx', ['--no-install', command, ...args], { stdio: 'inherit', shell: process.platform === 'win32' })
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed.`)
    process.exit(result.status ?? 1)
  }
}
console.log('\n✓ All tests passed.')
