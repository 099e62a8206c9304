import { lazy, Suspense, useEffect, useRef } from 'react'
import { useInspectorState } from './inspector-store'

// Loaded the first time something is inspected: nothing of it weighs on the window's start.
const InspectorDialog = lazy(() => import('./InspectorDialog'))

/** Where the inspector lives: rendered once, beside the window's other dialogs. */
export function InspectorHost() {
  const { stack, opener } = useInspectorState()
  const open = stack.length > 0
  const wasOpen = useRef(false)

  // Focus goes back to what opened it, once the dialog (and the inertness it gave the page) is gone.
  useEffect(() => {
    if (wasOpen.current && !open && opener?.isConnected) opener.focus()
    wasOpen.current = open
  }, [open, opener])

  if (!open) return null
  return (
    <Suspense fallback={null}>
      <InspectorDialog stack={stack} />
    </Suspense>
  )
}
