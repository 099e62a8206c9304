import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { metaContentSecurityPolicy } from '../../src/shared/csp'

/**
 * Checks on what electron-vite built (npm test builds first). These are Electron facts no
 * machine here can run: a sandboxed preload must be one CommonJS file requiring only
 * `electron`, and the ES-module main must import CommonJS packages in a way Node accepts.
 */
const out = path.resolve(__dirname, '../../out')
const read = (file: string) => fs.readFileSync(path.join(out, file), 'utf8')

describe('the built preload', () => {
  const preload = read('preload/index.js')

  it('is a single CommonJS file (no .mjs, no import/export statements)', () => {
    expect(fs.readdirSync(path.join(out, 'preload'))).toEqual(['index.js'])
    expect(preload).not.toMatch(/^\s*(import\s[^(]|export\s)/m)
    expect(preload).toMatch(/require\("electron"\)/)
  })

  it('requires nothing but electron', () => {
    const required = [...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(preload).not.toMatch(/\bimport\(/)
  })

  it('is loaded by main from where it is built', () => {
    expect(read('main/index.mjs')).toContain('../preload/index.js')
  })
})

describe('the built main process', () => {
  const main = read('main/index.mjs')
  const mainFiles = fs
    .readdirSync(path.join(out, 'main'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => path.join('main', file))

  it('leaves mathjs (about a second to import) out of start-up: the tools load it on their first call', () => {
    expect(main).not.toMatch(/^import .* from "mathjs";?$/m)
    expect(mainFiles.length).toBeGreaterThan(1)
  })

  it('is an ES module (electron-store is ESM-only) that keeps node-sqlite3-wasm external', () => {
    expect(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).toContain('"main": "out/main/index.mjs"')
    expect(main).toMatch(/^import .* from "electron-store";?$/m)
    expect(main).toMatch(/^import .* from "node-sqlite3-wasm";?$/m)
  })

  it('imports packages the way Node’s own ES-module loader accepts (no CommonJS named imports)', () => {
    // Vite's test runner smooths CommonJS interop over, so run the bundle's own import lines in
    // a plain Node process, as Electron's loader will (`electron` itself, there and in the
    // packages that import it, is an empty stand-in). Chunks loaded later count too, each in
    // its own process (their bindings would clash in one module).
    const hooks = path.resolve(__dirname, '../support/register-electron-esm-stub.mjs')
    const packagesImported: string[] = []
    for (const file of mainFiles) {
      const imports = [...read(file).matchAll(/^import\s.+?\sfrom\s+"([^".][^"]*)";?$/gm)].filter((match) => match[1] !== 'electron')
      if (imports.length === 0) continue
      packagesImported.push(...imports.map((match) => match[1]!))
      const result = spawnSync(process.execPath, ['--import', hooks, '--input-type=module', '-e', imports.map((match) => match[0]).join('\n')], {
        cwd: path.resolve(__dirname, '../..'),
        encoding: 'utf8',
      })
      expect(result.stderr, file).toBe('')
      expect(result.status, file).toBe(0)
    }
    expect(packagesImported).toEqual(expect.arrayContaining(['electron-store', 'node-sqlite3-wasm', 'openai', 'zod', 'mathjs']))
  })
})

describe('the built renderer page', () => {
  const html = read('renderer/index.html')

  it('carries the Content-Security-Policy in a meta tag', () => {
    const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'")
    expect(content).toBe(metaContentSecurityPolicy)
  })

  it('loads only local scripts, and no Node or Electron APIs are bundled into it', () => {
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1])
    expect(scripts.length).toBeGreaterThan(0)
    for (const src of scripts) expect(src).toMatch(/^\.\//)
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/) // no inline script
    const assets = fs.readdirSync(path.join(out, 'renderer/assets')).filter((file) => file.endsWith('.js'))
    for (const asset of assets) {
      const code = read(`renderer/assets/${asset}`)
      expect(code).not.toMatch(/\brequire\(\s*["'](electron|fs|node:[a-z]+|child_process)["']\s*\)/)
      expect(code).not.toContain('ipcRenderer')
    }
  })
})
