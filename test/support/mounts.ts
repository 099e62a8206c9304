import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Real file systems for storage tests: a small tmpfs (a disk that fills up) and a read-only
 * bind mount (a folder that cannot be written). Both need root and a kernel that lets us
 * mount, as CI's machine (root) does; elsewhere the tests that need them say why they skip.
 */
export function mountSupport(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'mounting a tmpfs needs Linux' }
  if (process.getuid?.() !== 0) return { ok: false, why: 'mounting a tmpfs needs root (CI runs as root)' }
  try {
    const probe = mountTmpfs(64)
    probe.unmount()
    return { ok: true }
  } catch (error) {
    return { ok: false, why: `this machine does not allow mounting a tmpfs (${(error as Error).message.split('\n')[0]})` }
  }
}

export interface Mount {
  dir: string
  unmount(): void
}

/** A tmpfs of `sizeKb`, which can be grown later (a user freeing disk space). */
export function mountTmpfs(sizeKb: number): Mount & { resize(sizeKb: number): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-tmpfs-'))
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' })
  return {
    dir,
    resize: (next) => execFileSync('mount', ['-o', `remount,size=${next}k`, dir], { stdio: 'pipe' }),
    unmount: () => unmount(dir),
  }
}

/** `source` again at another path, read-only (root cannot write there either). */
export function bindReadOnly(source: string): Mount {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutordesk-ro-'))
  execFileSync('mount', ['--bind', source, dir], { stdio: 'pipe' })
  execFileSync('mount', ['-o', 'remount,ro,bind', dir], { stdio: 'pipe' })
  return { dir, unmount: () => unmount(dir) }
}

function unmount(dir: string): void {
  execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
  fs.rmSync(dir, { recursive: true, force: true })
}
