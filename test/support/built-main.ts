/**
 * Runs main's built bundle (out/main/index.mjs) in a plain Node process, as far as Electron's
 * part allows: `electron` is a stand-in (built-main/electron) that notes when main calls
 * `app.whenReady()` (its module and every import evaluated) and when it constructs the window,
 * writes those times as one JSON line, has main quit ('will-quit' closes its services) and ends
 * the process. Used by the start-up benchmark and by the build tests.
 *
 * The stand-in is found the way Node finds any package, not through loader hooks (which route
 * every import through a second thread and would inflate the import time): the bundle is copied
 * into a folder whose node_modules links to the project's packages, with `electron` linked to
 * the stand-in, and Node runs with --preserve-symlinks so that packages importing `electron`
 * themselves get the stand-in too.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface MainStart {
  /** From just before the bundle loads until `app.whenReady()`: the imports. */
  importMs: number
  /** From `app.whenReady()` until `new BrowserWindow`: settings, database, keys, engine, IPC. */
  servicesMs: number
  totalMs: number
}

const projectDir = fileURLToPath(new URL('../..', import.meta.url))
const supportDir = path.join(projectDir, 'test/support/built-main')

/** Copies the built main into `dir`, beside a node_modules where `electron` is the stand-in. Returns the entry. */
export function prepareBuiltMain(dir: string, builtMain = path.join(projectDir, 'out/main')): string {
  if (!fs.existsSync(path.join(builtMain, 'index.mjs'))) throw new Error('no out/main/index.mjs: run `npm run build` first')
  fs.cpSync(builtMain, path.join(dir, 'out/main'), { recursive: true })
  const modules = path.join(dir, 'node_modules')
  fs.mkdirSync(modules)
  for (const name of fs.readdirSync(path.join(projectDir, 'node_modules'))) {
    if (name === 'electron' || name.startsWith('.')) continue
    fs.symlinkSync(path.join(projectDir, 'node_modules', name), path.join(modules, name))
  }
  fs.symlinkSync(path.join(supportDir, 'electron'), path.join(modules, 'electron'))
  return path.join(dir, 'out/main/index.mjs')
}

export interface StartOptions {
  /** More environment for main (e.g. OPENAI_BASE_URL). */
  env?: Record<string, string>
  /** A module that plays the page once the window exists (see built-main/electron/index.mjs). */
  drive?: string
}

/** Starts the prepared main once, on `userDataDir`, until it would show its window (and, with `drive`, until the page is done). */
export async function startBuiltMain(entry: string, userDataDir: string, options: StartOptions = {}): Promise<MainStart & { driven?: unknown }> {
  const child = spawn(process.execPath, ['--preserve-symlinks', '--import', path.join(supportDir, 'begin.mjs'), entry], {
    cwd: path.dirname(entry),
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      TUTORDESK_STAND_IN_USER_DATA: userDataDir,
      ...(options.drive ? { TUTORDESK_STAND_IN_DRIVE: options.drive } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  const lines = stdout.split('\n').filter((text) => text.startsWith('{'))
  const start = lines.find((text) => text.startsWith('{"importMs"'))
  if (status !== 0 || !start) throw new Error(`main did not reach its window (exit ${status}):\n${stdout}\n${stderr}`)
  const driven = lines.find((text) => text.startsWith('{"driven"'))
  return { ...(JSON.parse(start) as MainStart), ...(driven ? (JSON.parse(driven) as { driven: unknown }) : {}) }
}
