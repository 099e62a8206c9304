import { maxImageDataUrlLength } from '../../../../shared/limits'

/**
 * Turns a picked, pasted or dropped file into what a message carries: a base64 data: URL of a
 * PNG, JPEG, GIF or WebP, small enough to send. A phone photo (12 MP, 3–6 MB) is scaled down in
 * the renderer to at most `maxSide` pixels on its long side and saved as JPEG: models see no
 * more detail than that (OpenAI scales images to fit 2048 × 2048), and the message stays well
 * under the 5 MB a data: URL may have.
 */

export const acceptedImageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const
/** A file larger than this is refused before it is even decoded. */
export const maxImageFileBytes = 30 * 1024 * 1024
export const maxSide = 2048
const jpegQuality = 0.85
/** Below this (and within maxSide), a file goes as it is: no re-encoding of a small screenshot. */
const keepAsIsBytes = 1.5 * 1024 * 1024

export type PrepareFailure = { reason: 'wrong_type' | 'too_large' | 'unreadable'; name: string; size: number }
export type Prepared = { url: string; width: number; height: number }

export function checkImageFile(file: Pick<File, 'type' | 'size' | 'name'>): PrepareFailure | undefined {
  if (!(acceptedImageTypes as readonly string[]).includes(file.type)) return { reason: 'wrong_type', name: file.name, size: file.size }
  if (file.size > maxImageFileBytes) return { reason: 'too_large', name: file.name, size: file.size }
  return undefined
}

export async function prepareImage(file: File): Promise<Prepared | PrepareFailure> {
  const refused = checkImageFile(file)
  if (refused) return refused
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    return { reason: 'unreadable', name: file.name, size: file.size }
  }
  try {
    const { width, height } = bitmap
    const scale = Math.min(1, maxSide / Math.max(width, height))
    if (scale === 1 && file.size <= keepAsIsBytes) {
      const url = await readAsDataUrl(file)
      if (url.length <= maxImageDataUrlLength) return { url, width, height }
    }
    // Scaled (and re-encoded) until it fits; a second, smaller try for an image that is all detail.
    for (const factor of [1, 0.7, 0.5]) {
      const w = Math.max(1, Math.round(width * scale * factor))
      const h = Math.max(1, Math.round(height * scale * factor))
      const blob = await drawScaled(bitmap, w, h)
      const url = await readAsDataUrl(blob)
      if (url.length <= maxImageDataUrlLength) return { url, width: w, height: h }
    }
    return { reason: 'too_large', name: file.name, size: file.size }
  } finally {
    bitmap.close()
  }
}

async function drawScaled(bitmap: ImageBitmap, width: number, height: number): Promise<Blob> {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')
  if (!context) throw new Error('no 2d canvas')
  // JPEG has no transparency: a transparent screenshot goes on white, as paper.
  context.fillStyle = '#fff'
  context.fillRect(0, 0, width, height)
  context.imageSmoothingQuality = 'high'
  context.drawImage(bitmap, 0, 0, width, height)
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not encode'))), 'image/jpeg', jpegQuality))
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('could not read'))
    reader.readAsDataURL(blob)
  })
}

/** Bytes in the user's language: "3.4 MB", "850 KB". */
export function formatBytes(bytes: number, language: string): string {
  const mb = bytes / 1024 / 1024
  const format = (value: number, unit: 'megabyte' | 'kilobyte') =>
    new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value)
  return mb >= 1 ? format(mb, 'megabyte') : format(Math.max(1, Math.round(bytes / 1024)), 'kilobyte')
}
