#!/usr/bin/env node
// `npm run audit:electron`: Doyensec's Electronegativity (Electron security scanner) over src/,
// offline, as the Electron version in package.json. Writes its findings to
// test-results/electronegativity.sarif (the scanner's own SARIF writer) and
// test-results/electronegativity.json (every finding with its severity and confidence, which
// SARIF leaves out, and the files it could not parse). This script only reports; the gate, with
// its allowlist and the test proving each allowed finding safe, is
// test/build/electronegativity.test.ts (part of `npm test`).
//
//   node scripts/electronegativity.mjs [--input <dir>] [--out-dir <dir>]
//
// Exits 0 when the scan ran over every file, 2 when a file could not be parsed (the scanner
// skips it, so its checks did not run), 1 when the scan itself failed.
import fs from 'node:fs'
import Module, { createRequire } from 'node:module'
import path from 'node:path'
import { parseArgs } from 'node:util'

const root = path.resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)

const { values: args } = parseArgs({
  options: { input: { type: 'string', default: 'src' }, 'out-dir': { type: 'string', default: 'test-results' } },
})
const input = path.resolve(root, args.input)
const outDir = path.resolve(root, args['out-dir'])

// The scanner's checks depend on the Electron version (its defaults for nodeIntegration and the
// like); unknown, it assumes the oldest Electron. Ours is pinned exactly in package.json.
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies.electron
if (!/^\d+\.\d+\.\d+$/.test(electronVersion ?? '')) {
  console.error(`package.json must pin electron to an exact version (found ${JSON.stringify(electronVersion)}).`)
  process.exit(1)
}

// Offline, always. The scanner fetches twice with `got`: its translations (from an S3 bucket, on
// every run, whatever the options) and Electron's release notes (AvailableSecurityFixesGlobalCheck,
// also when given the Electron version). The second check is excluded below: it only reports on
// an `electron` dependency in a package.json, and src/ has none. Both fetches are refused here,
// before the scanner loads, so a run never waits on the network nor depends on what it returns;
// the refused URLs are listed in the JSON report.
const refusedFetches = []
function offlineGot(url) {
  refusedFetches.push(String(url))
  return Promise.reject(new Error(`offline: TutorDesk does not let Electronegativity fetch ${url}`))
}
offlineGot.head = offlineGot
offlineGot.default = offlineGot
const scannerMain = require.resolve('@doyensec/electronegativity')
const gotPath = createRequire(scannerMain).resolve('got')
const offlineModule = new Module(gotPath)
offlineModule.filename = gotPath
offlineModule.exports = offlineGot
offlineModule.loaded = true
require.cache[gotPath] = offlineModule
// Its descriptions in English, whatever the machine's locale.
process.env.LANG = 'en-US'

const run = require('@doyensec/electronegativity')
const scannerVersion = require('@doyensec/electronegativity/package.json').version
const excludedChecks = ['AvailableSecurityFixesGlobalCheck']

fs.mkdirSync(outDir, { recursive: true })
const sarifFile = path.join(outDir, 'electronegativity.sarif')
const jsonFile = path.join(outDir, 'electronegativity.json')

let result
try {
  result = await run({
    input,
    electronVersionOverride: electronVersion,
    excludeFromScan: excludedChecks.map((check) => check.toLowerCase()),
    isRelative: true,
    output: sarifFile,
    isSarif: true,
  })
} catch (error) {
  console.error('Electronegativity failed:', error)
  process.exit(1)
}

const findings = result.issues.map((issue) => ({
  id: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  // Relative to the repository (the scanner gives them relative to the input folder).
  file: issue.file === 'N/A' ? issue.file : path.relative(root, path.resolve(input, issue.file)),
  line: issue.location?.line ?? 0,
  column: issue.location?.column ?? 0,
  sample: issue.sample ?? null,
  manualReview: Boolean(issue.manualReview),
  description: issue.description,
}))
const report = {
  scanner: `@doyensec/electronegativity@${scannerVersion}`,
  input: path.relative(root, input) || '.',
  electronVersion,
  checks: { global: result.globalChecks, atomic: result.atomicChecks, excluded: excludedChecks },
  refusedFetches,
  parseErrors: result.errors.map((error) => ({ ...error, file: path.relative(root, error.file) })),
  findings,
}
fs.writeFileSync(jsonFile, JSON.stringify(report, null, 2) + '\n')

console.log(
  `Electronegativity ${scannerVersion} over ${report.input}/ as Electron ${electronVersion}: ` +
    `${result.globalChecks} global and ${result.atomicChecks} atomic checks (excluded: ${excludedChecks.join(', ')}); ` +
    `network fetches refused: ${refusedFetches.length}.`,
)
for (const f of findings) {
  console.log(`  ${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id.padEnd(28)} ${f.file}:${f.line}:${f.column}${f.sample ? `  ${f.sample}` : ''}`)
}
console.log(`${findings.length} finding(s); report: ${path.relative(root, sarifFile)}, ${path.relative(root, jsonFile)}`)
console.log('Which findings are allowed, and why: test/build/electronegativity.test.ts.')
for (const error of report.parseErrors) console.error(`Could not parse ${error.file}: ${error.message}`)
// Not process.exit(): the scanner's SARIF file is still being written.
if (result.errors.some((error) => !error.tolerable)) process.exitCode = 2
