import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * The lint rules that keep code where it runs: tried on files that break them, at the paths
 * where they would live, so a rule that silently stopped matching fails here.
 */
const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..') })

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message)
}

const importsElectron = "import { app } from 'electron'\nexport const quit = () => app.quit()\n"
const importsElectronTypes = "import type { WebContents } from 'electron'\nexport type Contents = WebContents\n"
const importsElectronStore = "import Store from 'electron-store'\nexport const store = new Store()\n"

describe('only src/main/electron may import electron', () => {
  it.each(['src/main/app/new-service.ts', 'src/main/engine/new-backend.ts', 'src/main/store/new-repo.ts', 'src/main/tools/new-tool.ts', 'src/main/common/new-helper.ts', 'src/shared/new-shape.ts'])(
    'refuses electron, its types and electron-store in %s',
    async (file) => {
      expect(await restrictedImports(file, importsElectron)).toEqual([expect.stringContaining('Only src/main/electron may import electron')])
      expect(await restrictedImports(file, importsElectronTypes)).toHaveLength(1)
      expect(await restrictedImports(file, importsElectronStore)).toEqual([expect.stringContaining('electron-store imports electron')])
    },
  )

  it('allows them in src/main/electron and the preload', async () => {
    expect(await restrictedImports('src/main/electron/new-adapter.ts', `${importsElectron}import Store from 'electron-store'\nexport const settings = new Store()\n`)).toEqual([])
    expect(await restrictedImports('src/preload/other.ts', importsElectron)).toEqual([])
  })

  it('keeps the application from importing the Electron adapters (they import it)', async () => {
    const code = "import { registerIpcHandlers } from '../electron/ipc'\nexport const r = registerIpcHandlers\n"
    expect(await restrictedImports('src/main/app/services.ts', code)).toEqual([expect.stringContaining('never imports the Electron adapters')])
    expect(await restrictedImports('src/main/electron/index.ts', "import { openAppServices } from '../app/services'\nexport const o = openAppServices\n")).toEqual([])
  })

  it('keeps the renderer away from Node, Electron and main', async () => {
    for (const code of ["import fs from 'node:fs'\nexport const f = fs\n", importsElectron, "import { x } from '../../main/app/services'\nexport const y = x\n"]) {
      expect(await restrictedImports('src/renderer/src/components/New.tsx', code)).toEqual([expect.stringContaining('only through the contract bridge')])
    }
  })
})

describe('persistence and the engine depend on the domain, not on the transport', () => {
  const importsContract = "import type { ParsedRequestOf } from '../../shared/contract'\nexport type X = ParsedRequestOf<'runs:create'>\n"
  const importsDomain = "import type { RunCreate } from '../../shared/domain'\nexport type X = RunCreate\n"

  it.each(['src/main/store/new-repo.ts', 'src/main/engine/new-backend.ts', 'src/main/tools/new-tool.ts'])('refuses the IPC contract in %s', async (file) => {
    expect(await restrictedImports(file, importsContract)).toEqual([expect.stringContaining('not on the IPC contract')])
    expect(await restrictedImports(file, importsDomain)).toEqual([])
  })

  it('lets the application layer (router, handlers) use the contract', async () => {
    expect(await restrictedImports('src/main/app/handlers.ts', importsContract)).toEqual([])
  })

  it('keeps the store from knowing how runs execute, and still from electron', async () => {
    expect(await restrictedImports('src/main/store/new-repo.ts', "import { RunEngine } from '../engine/run-engine'\nexport const e = RunEngine\n")).toEqual([
      expect.stringContaining('knows nothing of how runs execute'),
    ])
    expect(await restrictedImports('src/main/store/new-repo.ts', importsElectron)).toHaveLength(1)
  })
})
