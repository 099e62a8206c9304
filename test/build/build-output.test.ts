import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
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

  it('is small and carries no validation library (main validates every request)', () => {
    expect(Buffer.byteLength(preload)).toBeLessThan(8 * 1024)
    expect(preload).not.toMatch(/\bzod\b|ZodError|safeParse/)
  })
})

/**
 * Runs the built preload as a sandboxed renderer would: in a context of its own, where
 * `require` gives only `electron` (here a stand-in that records what the preload does with it).
 */
function runBuiltPreload() {
  const exposed = new Map<string, unknown>()
  const invoked: { channel: string; payload: unknown }[] = []
  const sent: unknown[][] = []
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>()
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
      invoke: (channel: string, payload: unknown) => {
        invoked.push({ channel, payload })
        return Promise.resolve({ ok: true, value: channel })
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    },
  }
  const required: string[] = []
  const sandbox = {
    require(name: string) {
      required.push(name)
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`)
      return electron
    },
    module: { exports: {} },
    exports: {},
  }
  vm.runInNewContext(read('preload/index.js'), sandbox, { filename: 'out/preload/index.js' })
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the IpcRendererEvent, which must not reach the page' }, payload)
  }
  return { exposed, invoked, sent, listeners, emit, required }
}

describe('the built preload, executed', () => {
  it('exposes one frozen global, the bridge, with invoke, on and ready only', () => {
    const { exposed, required } = runBuiltPreload()
    expect([...exposed.keys()]).toEqual(['tutordesk'])
    const bridge = exposed.get('tutordesk') as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'ready'])
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(required).toEqual(['electron'])
  })

  it('passes contract requests to ipcRenderer.invoke and refuses other names without asking main', async () => {
    const { exposed, invoked } = runBuiltPreload()
    const bridge = exposed.get('tutordesk') as { invoke(channel: string, request?: unknown): Promise<unknown> }
    expect(await bridge.invoke('threads:list', { limit: 5 })).toEqual({ ok: true, value: 'threads:list' })
    expect(await bridge.invoke('assistants:list')).toEqual({ ok: true, value: 'assistants:list' })
    expect(await bridge.invoke('fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    expect(await bridge.invoke('toString')).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    expect(invoked).toEqual([
      { channel: 'threads:list', payload: { limit: 5 } },
      { channel: 'assistants:list', payload: {} },
    ])
  })

  it('delivers events’ payloads only (never the IPC event), and stops when unsubscribed', () => {
    const { exposed, emit, listeners } = runBuiltPreload()
    const bridge = exposed.get('tutordesk') as { on(event: string, listener: (...args: unknown[]) => void): () => void }
    const received: unknown[][] = []
    const stop = bridge.on('run:delta', (...args) => received.push(args))
    emit('run:delta', { delta: 'x' })
    stop()
    emit('run:delta', { delta: 'y' })
    expect(received).toEqual([[{ delta: 'x' }]])
    expect(listeners.get('run:delta')?.size).toBe(0)
    expect(() => bridge.on('fs:watch', () => undefined)).toThrow(/no event named/)
  })

  it('says "ready" with the one signal main listens for, with no payload', () => {
    const { exposed, sent } = runBuiltPreload()
    ;(exposed.get('tutordesk') as { ready(): void }).ready()
    expect(sent).toEqual([['renderer:ready']])
  })
})

describe('the built main process', () => {
  const main = read('main/index.mjs')
  const mainFiles = fs
    .readdirSync(path.join(out, 'main'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => path.join('main', file))

  it('leaves mathjs (about a second to import) out of start-up: the tools load it on their first call', () => {
    // Neither imported by the entry nor bundled into it; a chunk loaded later brings it.
    const bringsMathjs = (code: string) => /^import .* from "mathjs";?$/m.test(code) || code.includes('node_modules/mathjs/')
    expect(bringsMathjs(main)).toBe(false)
    const chunks = mainFiles.filter((file) => file !== path.join('main', 'index.mjs'))
    expect(chunks.some((file) => bringsMathjs(read(file)))).toBe(true)
  })

  it('is an ES module that bundles its packages, all but node-sqlite3-wasm (which loads its .wasm from beside itself)', () => {
    expect(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')).toContain('"main": "out/main/index.mjs"')
    // Node's loader reads, parses and links every file of an external package on its own at
    // start-up; bundled, the packages cost one file's parse (scripts/bench/startup.mts).
    const packages = new Set(mainFiles.flatMap((file) => [...read(file).matchAll(/^import\s.+?\sfrom\s+"([^".][^"]*)";?$/gm)].map((match) => match[1]!)))
    expect([...packages].filter((name) => !name.startsWith('node:')).sort()).toEqual(['electron', 'node-sqlite3-wasm'])
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
    expect(packagesImported).toEqual(expect.arrayContaining(['node-sqlite3-wasm']))
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
