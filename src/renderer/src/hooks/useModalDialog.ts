import { useEffect, useRef } from 'react'

/**
 * A <dialog> shown modally while `open` (focus trapped, Esc closes it, the page behind inert) and
 * closed when `open` turns false. Returns the ref to put on the dialog.
 */
export function useModalDialog(open = true) {
  const dialogRef = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = dialogRef.current
    if (!dialog) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])
  return dialogRef
}
