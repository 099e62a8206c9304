import fs from 'node:fs'
import path from 'node:path'
import { parseEnv } from 'node:util'

/**
 * Developer fallback, as in the tutorial the app is based on: `OPENAI_API_KEY` and
 * `OPENAI_BASE_URL` from the environment, or from a `.env` file. The process environment wins
 * over files; earlier files win over later ones.
 */
export interface DeveloperEnv {
  apiKey: string | undefined
  baseURL: string | undefined
}

/**
 * The `.env` files that count, first wins: the one in the user-data folder always; the one in
 * the working folder only when running from source (a packaged app's working folder is
 * wherever it was launched from, which must not choose its server or key).
 */
export function developerEnvFiles(options: { userDataDir: string; isPackaged: boolean; workingDir: string }): string[] {
  return [path.join(options.userDataDir, '.env'), ...(options.isPackaged ? [] : [path.join(options.workingDir, '.env')])]
}

export function readDeveloperEnv(env: NodeJS.ProcessEnv, envFiles: readonly string[]): DeveloperEnv {
  const fromFiles: Record<string, string> = {}
  for (const file of [...envFiles].reverse()) {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch {
      continue
    }
    // Editors on Windows may start the file with a byte-order mark, which would hide the first key.
    Object.assign(fromFiles, parseEnv(text.replace(/^\uFEFF/, '')))
  }
  const pick = (name: string) => {
    const value = (env[name] ?? fromFiles[name])?.trim()
    return value ? value : undefined
  }
  return { apiKey: pick('OPENAI_API_KEY'), baseURL: pick('OPENAI_BASE_URL') }
}
