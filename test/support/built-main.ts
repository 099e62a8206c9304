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
import { spawnSync } from 'node:child_process'
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
export function prepareBuiltMain(dir: string): string {
  const builtMain = path.join(projectDir, 'out/main')
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

/** Starts the prepared main once, on `userDataDir`, until it would show its window. */
export function startBuiltMain(entry: string, userDataDir: string): MainStart {
  const child = spawnSync(process.execPath, ['--preserve-symlinks', '--import', path.join(supportDir, 'begin.mjs'), entry], {
    cwd: path.dirname(entry),
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], TUTORDESK_STAND_IN_USER_DATA: userDataDir },
    encoding: 'utf8',
    timeout: 120_000,
  })
  const line = child.stdout.split('\n').find((text) => text.startsWith('{"importMs"'))
  if (child.status !== 0 || !line) throw new Error(`main did not reach its window (exit ${child.status}):\n${child.stdout}\n${child.stderr}`)
  return JSON.parse(line) as MainStart
}
