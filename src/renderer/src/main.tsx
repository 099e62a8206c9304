import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createClient, findBridge } from './api/client'
import { ClientProvider } from './api/ClientProvider'
import { notifyOncePerFrame } from './api/frame-notify'
import { AppQueryClient } from './api/query-client'
import { initI18n, resolveLanguage } from './i18n'
import { WordingProvider } from './i18n/translate'
import { applyTheme } from './theme'
import './styles.css'

async function boot() {
  const root = createRoot(document.getElementById('root')!)
  const bridge = findBridge()
  if (!bridge) {
    // Only if the preload failed: there is no way to reach main, so say so plainly.
    root.render(<p className="fatal">TutorDesk’s window could not reach the app. Please restart TutorDesk.</p>)
    return
  }
  const client = createClient(bridge)
  const settings = await client.call('settings:get').catch(() => null)
  applyTheme(settings?.theme ?? 'system')
  await initI18n(resolveLanguage(settings?.language ?? 'system', navigator.languages))
  notifyOncePerFrame()
  const queries = new AppQueryClient()
  root.render(
    <StrictMode>
      <ClientProvider client={client}>
        <QueryClientProvider client={queries}>
          <WordingProvider>
            <App />
          </WordingProvider>
        </QueryClientProvider>
      </ClientProvider>
    </StrictMode>,
  )
}

void boot()
