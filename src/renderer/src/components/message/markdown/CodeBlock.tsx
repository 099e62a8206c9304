import type { Element } from 'hast'
import { useEffect, useState, type ReactNode } from 'react'
import { useT } from '../../../i18n/translate'
import { hastText } from './highlight'

/** A fenced code block: its language, a button that copies its code, and the code. */
export function CodeBlock({ node, children }: { node: Element | undefined; children?: ReactNode }) {
  const code = node?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code')
  const classes = Array.isArray(code?.properties['className']) ? code.properties['className'].map(String) : []
  const language = classes.find((name) => name.startsWith('language-'))?.slice('language-'.length)
  // remark-rehype ends a block's code with a line break the learner did not see as code.
  const source = code ? hastText(code).replace(/\n$/, '') : ''
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-language">{language ?? ''}</span>
        <CopyButton text={source} />
      </div>
      <pre>{children}</pre>
    </div>
  )
}

type CopyState = 'idle' | 'copied' | 'failed'

function CopyButton({ text }: { text: string }) {
  const t = useT()
  const [state, setState] = useState<CopyState>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  const label = state === 'copied' ? t('reply.copied') : state === 'failed' ? t('reply.copyFailed') : t('reply.copyCode')
  return (
    <button type="button" className="code-copy" data-state={state} onClick={(event) => void copyText(text, event.currentTarget).then((ok) => setState(ok ? 'copied' : 'failed'))}>
      {label}
    </button>
  )
}

/**
 * Puts `text` on the clipboard: the Clipboard API, or, where the window may not use it (Electron
 * asks the session's permission handler for `clipboard-sanitized-write`), the older copy command,
 * which needs only the click.
 */
export async function copyText(text: string, returnFocusTo?: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.readOnly = true
    area.className = 'clipboard-helper'
    document.body.append(area)
    area.select()
    let copied: boolean
    try {
      copied = document.execCommand('copy')
    } catch {
      copied = false
    }
    area.remove()
    returnFocusTo?.focus()
    return copied
  }
}
