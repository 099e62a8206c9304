import { useT } from '../i18n/translate'
import { useCheckConnectivity, useConnectivity } from '../hooks/queries'

/** Says plainly when the server cannot be reached and how many messages wait to go out. */
export function ConnectivityBanner() {
  const t = useT()
  const connectivity = useConnectivity()
  const check = useCheckConnectivity()
  const state = connectivity.data
  if (!state || (state.online && state.waiting_runs === 0)) return null
  return (
    <div className="connectivity-banner" role="status">
      <span>
        {state.online ? t('offline.sending', { count: state.waiting_runs }) : t('offline.banner', { count: state.waiting_runs })}
      </span>
      {!state.online && (
        <button type="button" onClick={() => check.mutate()} disabled={check.isPending}>
          {t('offline.retryNow')}
        </button>
      )}
    </div>
  )
}
