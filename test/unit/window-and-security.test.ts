import { describe, expect, it } from 'vitest'
import { appEntryUrl, resolveAppAsset, serveAppAsset } from '../../src/main/electron/app-protocol'
import { clipboardWritePermission, guardPermissions, guardWebContents, isAllowedExternalUrl } from '../../src/main/electron/security'
import { mainWindowOptions, restoreBounds } from '../../src/main/electron/window-options'
import { contentSecurityPolicy } from '../../src/shared/csp'
import { BrowserWindow, session, stubState } from '../support/electron-stub'

describe('main window options', () => {
  const options = mainWindowOptions({
    preloadPath: '/app/out/preload/index.js',
    bounds: { width: 1000, height: 700 },
    backgroundColor: '#fff',
  })

  it('isolate and sandbox the renderer, with no Node and web security on', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    })
  })

  it('stay hidden until the first paint', () => {
    expect(options.show).toBe(false)
  })
})

describe('restoring window bounds', () => {
  const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]

  it('keeps a saved place that is on a display', () => {
    expect(restoreBounds({ x: 100, y: 80, width: 900, height: 700, maximized: false }, displays)).toEqual({
      x: 100,
      y: 80,
      width: 900,
      height: 700,
    })
  })

  it('drops a place on a monitor that is gone, keeping the size', () => {
    expect(restoreBounds({ x: 2500, y: 100, width: 900, height: 700, maximized: false }, displays)).toEqual({
      width: 900,
      height: 700,
    })
  })

  it('uses the default size the first time', () => {
    expect(restoreBounds(null, displays)).toEqual({ width: 1180, height: 800 })
  })
})

describe('external links', () => {
  it.each([
    ['https://openai.com/docs', true],
    ['http://example.com', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://attacker/share', false],
    ['https://user:pass@example.com', false],
    ['not a url', false],
    ['https:', false],
  ])('%s allowed: %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed)
  })
})

describe('web contents guards', () => {
  function guarded() {
    const window = new BrowserWindow({})
    const contents = window.webContents
    const opened: string[] = []
    guardWebContents(contents as never, { isAppUrl: (url) => url.startsWith('tutordesk://app/'), openExternal: (url) => opened.push(url) })
    const navigate = (url: string) => {
      let prevented = false
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    return { contents, opened, navigate }
  }

  it('blocks navigation away from the app and opens https links in the OS browser instead', () => {
    const { navigate, opened } = guarded()
    expect(navigate('https://evil.example/phish')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate('tutordesk://app/index.html')).toBe(false)
    expect(opened).toEqual(['https://evil.example/phish'])
  })

  it('denies every window.open, opening only https links outside', () => {
    const { contents, opened } = guarded()
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.com'])
  })

  it('never lets a <webview> attach', () => {
    const { contents } = guarded()
    let prevented = false
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })

  const isAppUrl = (url: string) => url === 'tutordesk://app' || url.startsWith('tutordesk://app/')
  const ourPage = { requestingUrl: 'tutordesk://app/index.html', isMainFrame: true }

  it('refuses every permission request and check', () => {
    guardPermissions(session.defaultSession as never, isAppUrl)
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      session.defaultSession.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted), ourPage)
    }
    expect(answers).toEqual([false, false, false, false, false])
    expect(session.defaultSession.permissionCheckHandler?.({}, 'media', 'tutordesk://app', ourPage)).toBe(false)
    expect(session.defaultSession.permissionCheckHandler?.({}, 'clipboard-read', 'tutordesk://app', ourPage)).toBe(false)
    expect(session.defaultSession.devicePermissionHandler?.({})).toBe(false)
    expect(stubState).toBeDefined()
  })

  it('lets only our own page write to the clipboard (Copy JSON), never another page or a frame', () => {
    guardPermissions(session.defaultSession as never, isAppUrl)
    const request = (details: { requestingUrl: string; isMainFrame: boolean }) => {
      let granted: boolean | undefined
      session.defaultSession.permissionRequestHandler?.({}, clipboardWritePermission, (answer: boolean) => (granted = answer), details)
      return granted
    }
    const check = (origin: string, details: { requestingUrl?: string; isMainFrame: boolean }) =>
      session.defaultSession.permissionCheckHandler?.({}, clipboardWritePermission, origin, details)
    expect(request(ourPage)).toBe(true)
    expect(check('tutordesk://app', ourPage)).toBe(true)
    // A check made for no document names only the origin.
    expect(check('tutordesk://app', { isMainFrame: true })).toBe(true)
    expect(request({ requestingUrl: 'https://example.com/', isMainFrame: true })).toBe(false)
    expect(check('https://example.com', { requestingUrl: 'https://example.com/', isMainFrame: true })).toBe(false)
    expect(request({ requestingUrl: 'tutordesk://app/index.html', isMainFrame: false })).toBe(false)
    expect(check('tutordesk://app', { requestingUrl: 'tutordesk://app/index.html', isMainFrame: false })).toBe(false)
  })
})

describe('the app protocol', () => {
  const root = '/opt/TutorDesk/resources/app.asar/out/renderer'

  it('maps URLs to files inside the renderer folder only', () => {
    expect(resolveAppAsset(root, appEntryUrl)).toBe(`${root}/index.html`)
    expect(resolveAppAsset(root, 'tutordesk://app/')).toBe(`${root}/index.html`)
    expect(resolveAppAsset(root, 'tutordesk://app/assets/index.js')).toBe(`${root}/assets/index.js`)
    // The URL parser folds dot segments (also %2e%2e) at the root: these stay inside.
    expect(resolveAppAsset(root, 'tutordesk://app/../../../../etc/passwd')).toBe(`${root}/etc/passwd`)
    expect(resolveAppAsset(root, 'tutordesk://app/%2e%2e/%2e%2e/secrets.json')).toBe(`${root}/secrets.json`)
    // Encoded slashes survive parsing; decoded, they would climb out: refused.
    expect(resolveAppAsset(root, 'tutordesk://app/..%2F..%2Fsecrets.json')).toBeNull()
    expect(resolveAppAsset(root, 'tutordesk://other/index.html')).toBeNull()
    expect(resolveAppAsset(root, 'file:///etc/passwd')).toBeNull()
  })

  it('sends the Content-Security-Policy with every response, even a 404', async () => {
    const response = await serveAppAsset('/nonexistent', 'tutordesk://app/missing.js')
    expect(response.status).toBe(404)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
  })
})

describe('the Content-Security-Policy', () => {
  const directives = new Map(
    contentSecurityPolicy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/)
      return [name, values] as const
    }),
  )

  it('allows only our own scripts: no inline, no eval, no remote hosts', () => {
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
  })

  it('blocks plugins, frames, forms and base-URL tricks', () => {
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-src')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
  })
})
