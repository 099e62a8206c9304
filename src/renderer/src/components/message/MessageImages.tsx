import { memo, useState } from 'react'
import { useT } from '../../i18n/translate'
import { imagesWereNotSent, type Message } from '../../../../shared/domain'
import { useModalDialog } from '../../hooks/useModalDialog'

/**
 * A message's photos: thumbnails beneath its text, each a button that opens the photo at full
 * size in a modal dialog (Esc or Close closes it and focus returns to the thumbnail; ← and →
 * go between a message's photos). Photos the server could not take are marked "not sent".
 */
function MessageImagesImpl({ message }: { message: Message }) {
  const t = useT()
  const [open, setOpen] = useState<number | null>(null)
  const urls = message.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []))
  if (urls.length === 0) return null
  const notSent = imagesWereNotSent(message)
  return (
    <div className={`message-images${notSent ? ' not-sent' : ''}`}>
      <ul className="message-image-list">
        {urls.map((url, index) => (
          <li key={index}>
            <button
              type="button"
              className="message-thumbnail"
              aria-label={t('media.open', { index: index + 1, count: urls.length })}
              data-thumbnail-index={index}
              onClick={() => setOpen(index)}
            >
              <img src={url} alt="" loading="lazy" decoding="async" />
            </button>
          </li>
        ))}
      </ul>
      {notSent && (
        <p className="message-images-flag">
          <span className="message-flag">{t('media.notSent')}</span> <span className="muted small">{t('media.notSentHint')}</span>
        </p>
      )}
      {open !== null && <ImageViewer urls={urls} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />}
    </div>
  )
}

function ImageViewer({ urls, index, onIndex, onClose }: { urls: string[]; index: number; onIndex(index: number): void; onClose(): void }) {
  const t = useT()
  const dialog = useModalDialog()
  const count = urls.length
  const label = t('media.viewer', { index: index + 1, count })
  return (
    <dialog
      ref={dialog}
      className="image-viewer"
      aria-label={label}
      // Esc closes the dialog natively; 'close' then tells the message, which puts focus back on the thumbnail.
      onClose={onClose}
      onKeyDown={(event) => {
        if (count < 2) return
        if (event.key === 'ArrowRight') onIndex((index + 1) % count)
        else if (event.key === 'ArrowLeft') onIndex((index + count - 1) % count)
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog itself, outside the picture) closes it.
        if (event.target === event.currentTarget) dialog.current?.close()
      }}
    >
      <header className="image-viewer-header">
        <h2>{label}</h2>
        {count > 1 && (
          <>
            <button type="button" onClick={() => onIndex((index + count - 1) % count)} aria-label={t('media.previous')}>
              ←
            </button>
            <button type="button" onClick={() => onIndex((index + 1) % count)} aria-label={t('media.next')}>
              →
            </button>
          </>
        )}
        <button type="button" autoFocus onClick={() => dialog.current?.close()}>
          {t('media.close')}
        </button>
      </header>
      <img className="image-viewer-image" src={urls[index]} alt={label} />
    </dialog>
  )
}

/** Drawn again only when the message's photos or their "not sent" mark change (never while a reply streams). */
export const MessageImages = memo(MessageImagesImpl, (before, after) => {
  if (before.message === after.message) return true
  const images = (message: Message) => message.content.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []))
  const a = images(before.message)
  const b = images(after.message)
  return (
    a.length === b.length &&
    a.every((url, i) => url === b[i]) &&
    imagesWereNotSent(before.message) === imagesWereNotSent(after.message)
  )
})
