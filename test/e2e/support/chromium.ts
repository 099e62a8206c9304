import fs from 'node:fs'
import { chromium } from '@playwright/test'

/**
 * Finds a Chromium to drive: one named by TUTORDESK_CHROMIUM, Debian's, a system Chrome, or
 * Playwright's own where `npx playwright install chromium` could download it. Never downloads.
 */
export function findChromium(): string {
  const candidates = [
    process.env['TUTORDESK_CHROMIUM'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    playwrightsOwnChromium(),
  ]
  const found = candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate))
  if (found) return found
  throw new Error(
    [
      'No Chromium found for the browser tests. Install one of:',
      '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
      '  macOS/Windows:  Google Chrome, or  npx playwright install chromium  (downloads Playwright’s build)',
      'or point TUTORDESK_CHROMIUM at a Chromium or Chrome executable.',
    ].join('\n'),
  )
}

function playwrightsOwnChromium(): string | undefined {
  try {
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

/**
 * Quiet, offline-friendly flags: no sandbox (CI runs as root), no GPU, and none of Chrome's
 * background calls home, which a closed network refuses noisily. Playwright gives every
 * launch a fresh temporary profile (user-data dir) of its own.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
]
