import { useState } from 'react'
import { useT } from '../i18n/translate'
import type { AppNotice } from '../../../shared/settings'
import { useAppInfo } from '../hooks/queries'

/** What main wants the user to know from start-up: recovered files, unprotected key storage. */
export function NoticeBanner() {
  const t = useT()
  const info = useAppInfo()
  const [dismissed, setDismissed] = useState<ReadonlySet<AppNotice['code']>>(new Set())
  const notices = (info.data?.notices ?? []).filter((notice) => !dismissed.has(notice.code))
  if (notices.length === 0) return null
  return (
    <div className="notices" role="status">
      {notices.map((notice) => (
        <div className="notice" key={notice.code}>
          {/* A notice's fields are its parameters (the backup's path, counts). */}
          <span>{t(`notices.${notice.code}`, { ...notice })}</span>
          <button type="button" onClick={() => setDismissed(new Set([...dismissed, notice.code]))}>
            {t('notices.dismiss')}
          </button>
        </div>
      ))}
    </div>
  )
}
