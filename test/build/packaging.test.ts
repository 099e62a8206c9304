import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it, vi } from 'vitest'

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

// ─── Application icons ────────────────────────────────────────────────────────
// `npm run icons` (scripts/make-icons.mts) writes these from src/renderer/public/icon.svg.
// The checks parse the committed files themselves: PNG, ICO and ICNS are small containers.

const buildResources = path.resolve(root, config['directories'].buildResources)
const readIcon = (file: string) => fs.readFileSync(path.join(buildResources, file))
const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const icoSizes = [16, 24, 32, 48, 64, 128, 256]
const icnsTypes: [string, number][] = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
]

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Walks a PNG's chunks; throws unless it is a well-formed PNG that starts with IHDR and ends with IEND. */
function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  if (!png.subarray(0, 8).equals(pngSignature)) throw new Error('no PNG signature')
  const chunks: { type: string; data: Buffer }[] = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    if (at + 12 + length > png.length) throw new Error(`chunk ${type} runs past the end`)
    const data = png.subarray(at + 8, at + 8 + length)
    if (zlib.crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) throw new Error(`chunk ${type}: bad CRC`)
    chunks.push({ type, data })
    at += 12 + length
  }
  if (chunks[0]?.type !== 'IHDR' || chunks.at(-1)?.type !== 'IEND') throw new Error('PNG must start with IHDR and end with IEND')
  return chunks
}

/** The IHDR fields, read where every PNG has them: width at byte 16, height at 20. */
function pngHeader(png: Buffer) {
  pngChunks(png)
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24], colorType: png[25], interlace: png[28] }
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what Chromium writes) into rows of RGBA bytes. */
function decodeRgba(png: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  const { width, height, bitDepth, colorType, interlace } = pngHeader(png)
  if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) throw new Error('expected 8-bit RGBA, non-interlaced')
  const raw = zlib.inflateSync(Buffer.concat(pngChunks(png).filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)))
  const stride = width * 4
  expect(raw.length).toBe(height * (stride + 1))
  const pixels = Buffer.alloc(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!
      const left = x >= 4 ? pixels[y * stride + x - 4]! : 0
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0
      const upLeft = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0
      const p = left + up - upLeft
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter]
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`)
      pixels[y * stride + x] = (value + predictor) & 0xff
    }
  }
  return { width, height, pixel: (x, y) => [...pixels.subarray(y * stride + x * 4, y * stride + x * 4 + 4)] }
}

describe('application icons in buildResources', () => {
  it('the buildResources folder holds what each installer needs', () => {
    expect(config['directories'].buildResources).toBe('build')
    expect(fs.statSync(buildResources).isDirectory()).toBe(true)
    // AppImage and deb: the icons/ set; dmg: icon.icns; nsis: icon.ico; icon.png: the generic fallback.
    expect(fs.readdirSync(path.join(buildResources, 'icons')).sort()).toEqual(linuxSizes.map((size) => `${size}x${size}.png`).sort())
    for (const file of ['icon.icns', 'icon.ico', 'icon.png']) expect(fs.statSync(path.join(buildResources, file)).isFile()).toBe(true)
    expect(pngHeader(readIcon('icon.png'))).toMatchObject({ width: 1024, height: 1024 })
  })

  it.each(linuxSizes)('icons/%ix%i.png is a PNG of the size its name says', (size) => {
    expect(pngHeader(readIcon(`icons/${size}x${size}.png`))).toMatchObject({ width: size, height: size, bitDepth: 8, colorType: 6 })
  })

  it('icon.ico holds exactly the sizes 16 … 256, each a PNG matching its directory entry', () => {
    const ico = readIcon('icon.ico')
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]) // reserved, type 1 = icon
    const count = ico.readUInt16LE(4)
    const sizes: number[] = []
    let end = 6 + 16 * count
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i
      const width = ico[entry] || 256
      const height = ico[entry + 1] || 256
      expect(ico.readUInt16LE(entry + 4)).toBe(1) // planes
      expect(ico.readUInt16LE(entry + 6)).toBe(32) // bits per pixel
      const length = ico.readUInt32LE(entry + 8)
      const offset = ico.readUInt32LE(entry + 12)
      expect(offset + length).toBeLessThanOrEqual(ico.length)
      expect(pngHeader(ico.subarray(offset, offset + length))).toMatchObject({ width, height })
      expect(width).toBe(height)
      sizes.push(width)
      end = Math.max(end, offset + length)
    }
    expect(sizes).toEqual(icoSizes)
    expect(end).toBe(ico.length)
  })

  it('icon.icns parses, and holds each PNG type at its pixel size', () => {
    const icns = readIcon('icon.icns')
    expect(icns.toString('latin1', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const found = new Map<string, number>()
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4)
      const length = icns.readUInt32BE(at + 4)
      expect(length).toBeGreaterThan(8)
      expect(at + length).toBeLessThanOrEqual(icns.length)
      const { width, height } = pngHeader(icns.subarray(at + 8, at + length))
      expect(width).toBe(height)
      expect(found.has(type)).toBe(false)
      found.set(type, width)
      at += length
    }
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries(icnsTypes))
  })

  it('is the TutorDesk mark, not a blank square: blue rounded square, white P, plus and minus', () => {
    // Points of the 64-unit artwork, read at 256 px (4 px a unit).
    const icon = decodeRgba(readIcon('icons/256x256.png'))
    const blue = [0x3d, 0x63, 0xdd, 255]
    const white = [255, 255, 255, 255]
    const looks = (x: number, y: number, wanted: number[], what: string) => {
      const actual = icon.pixel(x * 4, y * 4)
      expect(actual.every((value, i) => Math.abs(value - wanted[i]!) <= 2), `${what} at (${x}, ${y}) is rgba(${actual.join()})`).toBe(true)
    }
    expect(icon.pixel(0, 0)[3], 'the rounded corner is transparent').toBe(0)
    looks(8, 32, blue, 'left of the P')
    looks(32, 56, blue, 'below the P')
    looks(17, 40, white, 'the P’s stem')
    looks(24, 28, white, 'the P’s bowl')
    looks(40, 24, white, 'the plus, across')
    looks(43, 19, white, 'the plus, down')
    looks(43, 37, blue, 'between plus and minus')
    looks(46, 42, white, 'the minus')
    const distinct = new Set<string>()
    for (let y = 0; y < icon.height; y += 3) for (let x = 0; x < icon.width; x += 3) distinct.add(icon.pixel(x, y).join())
    expect(distinct.size).toBeGreaterThan(8) // antialiased edges, not a flat fill
  })

  it('electron-builder’s own icon lookup picks these files for every target', async () => {
    // app-builder-lib's resolver, called with the sources its Linux, mac and Windows packagers
    // pass when they build; none of these files needs converting, so its converter must not run
    // (pointing it at a missing toolset makes it fail at once instead of downloading one).
    vi.stubEnv('ELECTRON_BUILDER_ICONS_TOOLSET_DIR', path.join(root, 'no-such-icons-toolset'))
    try {
      const { convertIcon } = builderRequire('app-builder-lib/out/util/iconConverter.js') as {
        convertIcon(options: { sources: string[]; fallbackSources: string[]; roots: string[]; format: string; outDir: string }): Promise<{ icons: { file: string; size: number }[]; isFallback: boolean }>
      }
      const lookup = (format: string, sources: unknown[]) =>
        convertIcon({ sources: sources.filter((source): source is string => !!source), fallbackSources: [], roots: [buildResources, root], format, outDir: path.join(root, 'release', `.icon-${format}`) })
      const linux = await lookup('set', [config['linux']?.icon, config['mac']?.icon ?? config['icon']])
      expect(linux.isFallback).toBe(false)
      expect(linux.icons).toEqual(linuxSizes.map((size) => ({ file: path.join(buildResources, 'icons', `${size}x${size}.png`), size })))
      const mac = await lookup('icns', [config['mac']?.icon || config['icon']])
      expect(mac).toEqual({ icons: [{ file: path.join(buildResources, 'icon.icns'), size: 0 }], isFallback: false })
      const win = await lookup('ico', [config['win']?.icon || config['icon']])
      expect(win).toEqual({ icons: [{ file: path.join(buildResources, 'icon.ico'), size: 256 }], isFallback: false })
    } finally {
      vi.unstubAllEnvs()
    }
  })
})
