import { useCallback, useRef, useState, type ClipboardEvent, type DragEvent } from 'react'
import { useLanguage, useT } from '../../i18n/translate'
import { maxImagesPerMessage } from '../../../../shared/limits'
import { acceptedImageTypes, formatBytes, maxImageFileBytes, prepareImage } from './prepare-image'

/**
 * Photos attached to the message being written: added by the button, by pasting, or by
 * dropping files on the composer; each checked (type, size), scaled down when large, shown as a
 * thumbnail that can be removed. They stay with the thread's draft until the message is saved.
 */

export interface Attachment {
  id: number
  url: string
}

// Drafts' photos survive switching threads, as their text does.
const draftImages = new Map<string, Attachment[]>()
let nextId = 1

export interface AttachmentsState {
  images: Attachment[]
  /** Photos being read or scaled. */
  pending: number
  problems: string[]
  dragging: boolean
  add(files: Iterable<File>): void
  remove(id: number): void
  clear(): void
  /** For the composer's form: paste and drop attach photos. */
  handlers: {
    onPaste(event: ClipboardEvent): void
    onDragOver(event: DragEvent): void
    onDragLeave(event: DragEvent): void
    onDrop(event: DragEvent): void
  }
}

export function useAttachments(threadId: string): AttachmentsState {
  const t = useT()
  const language = useLanguage()
  const [images, setImagesState] = useState<Attachment[]>(() => draftImages.get(threadId) ?? [])
  const [pending, setPending] = useState(0)
  const [problems, setProblems] = useState<string[]>([])
  const [dragging, setDragging] = useState(false)
  const current = useRef(images)
  // Read when files arrive one right after another, before a render has caught up.
  const pendingNow = useRef(0)

  const setImages = useCallback(
    (next: Attachment[]) => {
      current.current = next
      setImagesState(next)
      if (next.length > 0) draftImages.set(threadId, next)
      else draftImages.delete(threadId)
    },
    [threadId],
  )

  const add = useCallback(
    (files: Iterable<File>) => {
      const list = [...files]
      if (list.length === 0) return
      const room = maxImagesPerMessage - current.current.length - pendingNow.current
      const taken = list.slice(0, Math.max(0, room))
      const found: string[] = list.length > taken.length ? [t('media.tooMany', { count: maxImagesPerMessage })] : []
      setProblems(found)
      pendingNow.current += taken.length
      setPending(pendingNow.current)
      const settle = () => {
        pendingNow.current -= 1
        setPending(pendingNow.current)
      }
      for (const file of taken) {
        void prepareImage(file).then(
          (result) => {
            settle()
            if ('url' in result) {
              setImages([...current.current, { id: nextId++, url: result.url }])
              return
            }
            const size = formatBytes(result.size, language)
            const words =
              result.reason === 'wrong_type'
                ? t('media.wrongType', { name: result.name })
                : result.reason === 'too_large'
                  ? t('media.tooLarge', { name: result.name, size, max: formatBytes(maxImageFileBytes, language) })
                  : t('media.unreadable', { name: result.name })
            setProblems((before) => [...before, words])
          },
          () => {
            settle()
            setProblems((before) => [...before, t('media.unreadable', { name: file.name })])
          },
        )
      }
    },
    [language, setImages, t],
  )

  const remove = useCallback((id: number) => setImages(current.current.filter((image) => image.id !== id)), [setImages])
  const clear = useCallback(() => {
    setImages([])
    setProblems([])
  }, [setImages])

  const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files')
  const handlers = {
    onPaste(event: ClipboardEvent) {
      const files = [...event.clipboardData.files]
      if (files.length === 0) return
      // Pasted text goes in the box as usual; pasted pictures become attachments.
      event.preventDefault()
      add(files)
    },
    onDragOver(event: DragEvent) {
      if (!hasFiles(event)) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'copy'
      setDragging(true)
    },
    onDragLeave(event: DragEvent) {
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return
      setDragging(false)
    },
    onDrop(event: DragEvent) {
      if (!hasFiles(event)) return
      event.preventDefault()
      setDragging(false)
      add(event.dataTransfer.files)
    },
  }

  return { images, pending, problems, dragging, add, remove, clear, handlers }
}

/** The paper-clip button and its hidden file input. */
export function AttachButton({ state, disabled }: { state: AttachmentsState; disabled?: boolean }) {
  const t = useT()
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button
        type="button"
        className="attach-button"
        aria-label={t('media.attach')}
        title={`${t('media.attach')} — ${t('media.attachHint')}`}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
          />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        accept={acceptedImageTypes.join(',')}
        multiple
        hidden
        aria-label={t('media.attach')}
        data-testid="attach-input"
        onChange={(event) => {
          if (event.target.files) state.add(event.target.files)
          // The same file can be picked again after being removed.
          event.target.value = ''
        }}
      />
    </>
  )
}

/** Thumbnails of the photos to send, each removable, and what was refused and why. */
export function AttachmentTray({ state }: { state: AttachmentsState }) {
  const t = useT()
  const { images, pending, problems } = state
  if (images.length === 0 && pending === 0 && problems.length === 0) return null
  return (
    <div className="attachment-tray">
      {(images.length > 0 || pending > 0) && (
        <ul className="attachment-list" aria-label={t('media.attached')}>
          {images.map((image, index) => (
            <li key={image.id} className="attachment">
              <img src={image.url} alt={t('media.imageAlt', { index: index + 1, count: images.length })} />
              <button type="button" className="attachment-remove" aria-label={t('media.remove', { index: index + 1 })} onClick={() => state.remove(image.id)}>
                ×
              </button>
            </li>
          ))}
          {pending > 0 && (
            <li className="attachment pending" role="status">
              {t('media.preparing')}
            </li>
          )}
        </ul>
      )}
      {problems.length > 0 && (
        <ul className="attachment-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem} className="error">
              {problem}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
