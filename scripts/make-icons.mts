/**
 * `npm run icons`: renders src/renderer/public/icon.svg into every icon file the installers
 * need and writes them into build/ (electron-builder's buildResources folder):
 *
 *   build/icons/<n>x<n>.png   Linux (AppImage, deb): the hicolor set, n = 16 … 1024
 *   build/icon.png            1024×1024, electron-builder's generic fallback
 *   build/icon.ico            Windows (nsis): PNG entries 16, 24, 32, 48, 64, 128, 256
 *   build/icon.icns           macOS (dmg): PNG entries 16 … 1024, with the @2x types
 *
 * electron-builder finds all of these by name in buildResources; no `icon` keys are needed.
 * Chromium draws the SVG (Debian's, or TUTORDESK_CHROMIUM); the .ico and .icns containers
 * are written here by hand, so no image package is needed. Commit the results.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const svgFile = path.join(root, 'src/renderer/public/icon.svg')
const buildDir = path.join(root, 'build')

const linuxSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const
const icoSizes = [16, 24, 32, 48, 64, 128, 256] as const
// Apple's PNG-capable icns types: [type, pixel size]. ic11…ic14 are the @2x (Retina) ones.
const icnsTypes = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
] as const

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(pngSignature) || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

async function render(svg: string, sizes: readonly number[]): Promise<Map<number, Buffer>> {
  const browser = await chromium.launch({
    executablePath: process.env['TUTORDESK_CHROMIUM'] || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
  try {
    const largest = Math.max(...sizes)
    const page = await browser.newPage({ viewport: { width: largest, height: largest }, deviceScaleFactor: 1 })
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
    const pngs = new Map<number, Buffer>()
    for (const size of sizes) {
      // The browser scales the vector itself at each size: no downscaling of a big bitmap.
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent"><img id="icon" width="${size}" height="${size}" style="display:block" src="${src}"></body></html>`,
      )
      await page.locator('#icon').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode())
      const png = await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true, type: 'png' })
      const { width, height } = pngSize(png)
      if (width !== size || height !== size) throw new Error(`rendered ${width}×${height}, wanted ${size}×${size}`)
      pngs.set(size, png)
    }
    return pngs
  } finally {
    await browser.close()
  }
}

/** ICO: ICONDIR (6 bytes), one 16-byte ICONDIRENTRY per image, then the PNGs; little-endian. */
function makeIco(images: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type 1: icon
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach((png, i) => {
    const { width, height } = pngSize(png)
    const entry = 6 + 16 * i
    header.writeUInt8(width >= 256 ? 0 : width, entry) // 0 means 256
    header.writeUInt8(height >= 256 ? 0 : height, entry + 1)
    header.writeUInt8(0, entry + 2) // no palette
    header.writeUInt8(0, entry + 3) // reserved
    header.writeUInt16LE(1, entry + 4) // colour planes
    header.writeUInt16LE(32, entry + 6) // bits per pixel
    header.writeUInt32LE(png.length, entry + 8)
    header.writeUInt32LE(offset, entry + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images])
}

/** ICNS: 'icns' + total length, then per entry its type, its length (8-byte header included) and the PNG; big-endian. */
function makeIcns(entries: readonly (readonly [string, Buffer])[]): Buffer {
  const parts = entries.map(([type, png]) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 4, 'latin1')
    head.writeUInt32BE(8 + png.length, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 4, 'latin1')
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4)
  return Buffer.concat([head, ...parts])
}

async function main(): Promise<void> {
  const svg = fs.readFileSync(svgFile, 'utf8')
  const sizes = [...new Set<number>([...linuxSizes, ...icoSizes, ...icnsTypes.map(([, size]) => size)])].sort((a, b) => a - b)
  const pngs = await render(svg, sizes)
  const png = (size: number): Buffer => pngs.get(size)!

  fs.mkdirSync(path.join(buildDir, 'icons'), { recursive: true })
  const written: string[] = []
  const write = (file: string, data: Buffer): void => {
    fs.writeFileSync(path.join(buildDir, file), data)
    written.push(`build/${file} (${data.length} bytes)`)
  }
  for (const size of linuxSizes) write(`icons/${size}x${size}.png`, png(size))
  write('icon.png', png(1024))
  write('icon.ico', makeIco(icoSizes.map(png)))
  write('icon.icns', makeIcns(icnsTypes.map(([type, size]) => [type, png(size)] as const)))
  console.log(written.join('\n'))
}

await main()
