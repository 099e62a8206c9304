import { useEffect, useId, useRef, useState } from 'react'
import { useT } from '../../i18n/translate'
import { ExportStatus, useExport } from './useExport'

/**
 * The thread header's Export menu: Markdown (to read: the messages as written, math as LaTeX,
 * photos inside) or JSON (to import again: everything, faithfully). A menu button: Enter,
 * Space or ↓ opens it on its first item, ↑/↓ move, Esc closes it back onto the button.
 */
export function ThreadExportMenu({ threadId, title }: { threadId: string; title: string }) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const { state, run } = useExport()
  const id = useId()
  const trigger = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLUListElement>(null)

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus()
  }, [open])

  const close = (refocus: boolean) => {
    setOpen(false)
    if (refocus) trigger.current?.focus()
  }
  const choose = (format: 'markdown' | 'json') => {
    close(true)
    void run(format, title, [threadId])
  }

  return (
    <div
      className="thread-export"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) close(false)
      }}
    >
      <button
        ref={trigger}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={t('transfer.menuLabel')}
        disabled={state.kind === 'working'}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        {t('transfer.menu')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          className="menu"
          aria-label={t('transfer.menuLabel')}
          onKeyDown={(event) => {
            const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])]
            const at = items.indexOf(document.activeElement as HTMLButtonElement)
            if (event.key === 'Escape') {
              event.preventDefault()
              event.stopPropagation()
              close(true)
            } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault()
              items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus()
            } else if (event.key === 'Tab') {
              close(false)
            }
          }}
        >
          <li role="none">
            <button type="button" role="menuitem" onClick={() => choose('markdown')}>
              {t('transfer.exportMarkdown')}
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" onClick={() => choose('json')}>
              {t('transfer.exportJson')}
            </button>
          </li>
        </ul>
      )}
      {state.kind !== 'idle' && <ExportStatus state={state} />}
    </div>
  )
}
