import { describe, expect, it } from 'vitest'
import { messageContentInputSchema } from '../../../src/shared/domain-schemas'
import { checkImageFile, formatBytes, maxImageFileBytes } from '../../../src/renderer/src/components/composer/prepare-image'
import { messageContent } from '../../../src/renderer/src/components/composer/message-content'
import { exportFileName } from '../../../src/renderer/src/components/export/export-file'

describe('what the composer sends', () => {
  const photo = 'data:image/png;base64,iVBORw0KGgo='
  it('is the text alone without photos, text and image parts with them, photos alone with no text', () => {
    expect(messageContent('안녕', [])).toBe('안녕')
    expect(messageContent('풀어 줘', [{ url: photo }])).toEqual([
      { type: 'text', text: '풀어 줘' },
      { type: 'image_url', image_url: { url: photo } },
    ])
    expect(messageContent('', [{ url: photo }, { url: photo }])).toEqual([
      { type: 'image_url', image_url: { url: photo } },
      { type: 'image_url', image_url: { url: photo } },
    ])
    // Each is what main's contract accepts.
    for (const content of [messageContent('풀어 줘', [{ url: photo }]), messageContent('', [{ url: photo }])]) {
      expect(messageContentInputSchema.safeParse(content).success).toBe(true)
    }
  })

  it('checks a file before reading it: photo types only, and not too large', () => {
    expect(checkImageFile({ name: 'a.jpg', type: 'image/jpeg', size: 3_000_000 })).toBeUndefined()
    expect(checkImageFile({ name: 'a.heic', type: 'image/heic', size: 1000 })).toMatchObject({ reason: 'wrong_type' })
    expect(checkImageFile({ name: 'a.svg', type: 'image/svg+xml', size: 1000 })).toMatchObject({ reason: 'wrong_type' })
    expect(checkImageFile({ name: 'a.png', type: 'image/png', size: maxImageFileBytes + 1 })).toMatchObject({ reason: 'too_large', name: 'a.png' })
  })

  it('words sizes in the user language', () => {
    expect(formatBytes(31 * 1024 * 1024, 'en')).toBe('31 MB')
    expect(formatBytes(850 * 1024, 'ko')).toBe('850kB')
  })
})

describe('export file names', () => {
  it('come from the title, in any script, with the date and the format', () => {
    const day = new Date(2026, 10, 26)
    expect(exportFileName('분수 방정식', 'markdown', day)).toBe('분수-방정식-2026-11-26.md')
    expect(exportFileName('x² + 1 / "quotes" : *', 'json', day)).toBe('x²-1-quotes-2026-11-26.json')
    expect(exportFileName('///', 'json', day)).toBe('tutordesk-2026-11-26.json')
  })
})
