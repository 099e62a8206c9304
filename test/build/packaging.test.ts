import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../..')
// electron-builder's own YAML parser and JSON schema, from where it installed them.
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'))
const yaml = builderRequire('js-yaml') as { load(text: string): unknown }
const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>

describe('electron-builder configuration', () => {
  it('is valid against electron-builder’s schema', () => {
    const Ajv = builderRequire('ajv') as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } }
    const schema = JSON.parse(fs.readFileSync(builderRequire.resolve('app-builder-lib/scheme.json'), 'utf8'))
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
    const valid = validate(config)
    expect(validate.errors ?? null).toBeNull()
    expect(valid).toBe(true)
  })

  it('builds TutorDesk for every desktop: AppImage and deb, dmg, nsis, packed in asar', () => {
    expect(config['productName']).toBe('TutorDesk')
    expect(config['appId']).toMatch(/^[a-z]+(\.[a-z]+)+$/)
    expect(config['asar']).toBe(true)
    expect(config['linux'].target).toEqual(['AppImage', 'deb'])
    expect(config['mac'].target).toEqual(['dmg'])
    expect(config['win'].target).toEqual(['nsis'])
  })

  it('ships the built app, not the sources or tests', () => {
    expect(config['files']).toContain('out/**')
    expect(config['files']).toEqual(expect.arrayContaining(['!src/**', '!test/**']))
  })

  it('turns off the Electron fuses that let the binary run arbitrary code', () => {
    expect(config['electronFuses']).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    })
  })
})
