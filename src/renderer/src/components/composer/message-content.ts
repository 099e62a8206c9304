import type { MessageContentInput } from '../../../../shared/domain'

/** What the composer sends: its text alone, or the text and the photos (data: URLs) as parts. */
export function messageContent(text: string, images: readonly { url: string }[]): MessageContentInput {
  if (images.length === 0) return text
  return [...(text ? [{ type: 'text' as const, text }] : []), ...images.map((image) => ({ type: 'image_url' as const, image_url: { url: image.url } }))]
}
