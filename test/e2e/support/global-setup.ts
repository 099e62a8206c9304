import fs from 'node:fs'
import path from 'node:path'
import { buildLoopbackBridge } from './build-bridge'
import { findChromium } from './chromium'

export const rendererDir = path.resolve(__dirname, '../../../out/renderer')

/** Runs once before the browser tests: checks the built renderer and a browser, builds the bridge. */
export default async function globalSetup() {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('The renderer is not built. Run `npm run build` first (npm test does it for you).')
  }
  const chromium = findChromium()
  console.log(`[e2e] Chromium: ${chromium}`)
  await buildLoopbackBridge()
}
