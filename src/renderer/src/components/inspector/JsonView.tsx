import { useEffect, useId, useMemo, useState } from 'react'
import { useT } from '../../i18n/translate'
import { jsonTokens } from './json-tokens'

// Past this, colouring would cost more than it helps: the text is shown plain.
const maxColouredLength = 200_000

/** An object as the tutorial's show_json prints it: 2-space JSON, keys in their order, to read, select and copy. */
export function JsonView({ value }: { value: unknown }) {
  const t = useT()
  const headingId = useId()
  const text = useMemo(() => JSON.stringify(value, null, 2), [value])
  const tokens = useMemo(() => (text.length <= maxColouredLength ? jsonTokens(text) : null), [text])
  return (
    <section className="inspector-json" aria-labelledby={headingId}>
      <div className="inspector-json-bar">
        <h3 id={headingId}>{t('inspector.json')}</h3>
        <CopyButton text={text} />
      </div>
      <pre className="inspector-json-text" data-json="">
        <code>
          {tokens
            ? tokens.map((token, index) =>
                token.kind === 'plain' ? (
                  token.text
                ) : (
                  <span key={index} className={`json-${token.kind}`}>
                    {token.text}
                  </span>
                ),
              )
            : text}
        </code>
      </pre>
    </section>
  )
}

/** Copies exactly `text`; says so, or what to do instead when the clipboard refuses. */
function CopyButton({ text }: { text: string }) {
  const t = useT()
  const [result, setResult] = useState<{ text: string; outcome: 'copied' | 'failed' } | null>(null)
  // What the status says is about this text: a newer one (the object changed) starts afresh.
  const shown = result?.text === text ? result.outcome : null

  useEffect(() => {
    if (shown !== 'copied') return
    const timer = setTimeout(() => setResult(null), 2500)
    return () => clearTimeout(timer)
  }, [shown])

  return (
    <>
      <span className={`inspector-copy-status ${shown ?? ''}`} role="status">
        {shown === 'copied' ? t('inspector.copied') : shown === 'failed' ? t('inspector.copyFailed') : ''}
      </span>
      <button
        type="button"
        onClick={() => {
          // No clipboard at all (an insecure page) fails the same way as a refused write.
          Promise.resolve()
            .then(() => navigator.clipboard.writeText(text))
            .then(
              () => setResult({ text, outcome: 'copied' }),
              () => setResult({ text, outcome: 'failed' }),
            )
        }}
      >
        {t('inspector.copy')}
      </button>
    </>
  )
}
