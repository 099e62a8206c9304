import { Fragment } from 'react'
import { useT } from '../i18n/translate'
import { keyLabel, shortcutTable, useIsMac } from '../hooks/useShortcuts'
import { useModalDialog } from '../hooks/useModalDialog'

/** Every keyboard shortcut, as this platform writes its keys (⌘ on macOS). Esc or Close closes it. */
export function ShortcutSheet({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useT()
  const mac = useIsMac()
  const dialogRef = useModalDialog(open)

  return (
    <dialog ref={dialogRef} className="shortcut-sheet" aria-labelledby="shortcut-sheet-title" onClose={onClose}>
      <header className="settings-header">
        <h2 id="shortcut-sheet-title">{t('shortcuts.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </header>
      {open && (
        <table className="shortcut-table">
          <thead>
            <tr>
              <th scope="col">{t('shortcuts.action')}</th>
              <th scope="col">{t('shortcuts.keys')}</th>
            </tr>
          </thead>
          <tbody>
            {shortcutTable.map((shortcut) => (
              <tr key={shortcut.id} data-shortcut={shortcut.id}>
                <th scope="row">{t(`shortcuts.${shortcut.id}`)}</th>
                <td>
                  {shortcut.combos.map((combo, index) => (
                    <Fragment key={combo.join('+')}>
                      {index > 0 && <span className="shortcut-or"> {t('shortcuts.or')} </span>}
                      <kbd className="shortcut-combo">
                        {combo.map((key, keyIndex) => (
                          <Fragment key={key}>
                            {keyIndex > 0 && !mac && <span aria-hidden="true">+</span>}
                            <kbd>{keyLabel(key, mac)}</kbd>
                          </Fragment>
                        ))}
                      </kbd>
                    </Fragment>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </dialog>
  )
}
