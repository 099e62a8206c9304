import type { Page } from '@playwright/test'

/** A 2 × 2 red PNG. */
export const tinyPngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg=='

/**
 * A picture drawn in the page (a worksheet: lines, an equation, some grain so it does not
 * compress to nothing), encoded as `type`: a stand-in for a phone photo of homework.
 */
export async function drawnPhoto(page: Page, width: number, height: number, type: 'image/jpeg' | 'image/png' = 'image/jpeg'): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height, type }) => {
      const canvas = document.createElement('canvas')
      canvas.width = width
      canvas.height = height
      const context = canvas.getContext('2d')!
      context.fillStyle = '#f8f4e6'
      context.fillRect(0, 0, width, height)
      context.strokeStyle = '#9bb7d4'
      context.lineWidth = Math.max(1, height / 300)
      for (let y = height / 12; y < height; y += height / 12) {
        context.beginPath()
        context.moveTo(0, y)
        context.lineTo(width, y)
        context.stroke()
      }
      context.fillStyle = '#1b2a6b'
      context.font = `${Math.round(height / 8)}px serif`
      context.fillText('3x + 11 = 14', width / 10, height / 2)
      context.fillText('x = ?', width / 10, (height * 3) / 4)
      // Grain, as a camera makes: deterministic, so the file size is the same each run.
      let seed = 7
      for (let i = 0; i < (width * height) / 400; i++) {
        seed = (seed * 16807) % 2147483647
        context.fillStyle = `rgba(0,0,0,${(seed % 10) / 100})`
        context.fillRect(seed % width, (seed >> 8) % height, 3, 3)
      }
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), type, 0.92))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(binary)
    },
    { width, height, type },
  )
  return Buffer.from(base64, 'base64')
}

/** Pastes files into the focused composer, as Ctrl+V of a copied picture does. */
export async function pasteFiles(page: Page, selector: string, files: { name: string; type: string; base64: string }[]): Promise<void> {
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector)!
      const data = new DataTransfer()
      for (const file of files) data.items.add(new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name, { type: file.type }))
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    },
    { selector, files },
  )
}

/** Drags files over the composer and drops them, as from a file manager. */
export async function dropFiles(page: Page, selector: string, files: { name: string; type: string; base64: string }[]): Promise<void> {
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector)!
      const data = new DataTransfer()
      for (const file of files) data.items.add(new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name, { type: file.type }))
      target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }))
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    },
    { selector, files },
  )
}

/** The width and height of an image given as a data: URL, decoded by the page. */
export function imageSize(page: Page, url: string): Promise<{ width: number; height: number }> {
  // An <img>, as the page shows it (the CSP lets img-src load data: URLs; fetch would be connect-src).
  return page.evaluate(async (url) => {
    const image = new Image()
    image.src = url
    await image.decode()
    return { width: image.naturalWidth, height: image.naturalHeight }
  }, url)
}
