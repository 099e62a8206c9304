import { describe, expect, it } from 'vitest'
import { isAllowedExternalUrl } from '../../src/main/electron/security'
import { isExternalHttpsUrl } from '../../src/renderer/src/components/message/markdown/links'

/**
 * A reply's link is drawn as a link only if main would hand it to the OS browser: the renderer's
 * rule (which cannot import main) and main's must agree.
 */
describe('links in replies follow main’s rule for external links', () => {
  const urls = [
    'https://example.com',
    'https://example.com/a?b=c#d',
    'https://ko.wikipedia.org/wiki/%EC%9D%B4%EC%B0%A8%EB%B0%A9%EC%A0%95%EC%8B%9D',
    'HTTPS://EXAMPLE.COM',
    'http://example.com',
    'https://user:pass@example.com',
    'https://user@example.com',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'mailto:a@example.com',
    'ftp://example.com',
    '/relative/path',
    '#fn-1',
    '',
    'https://',
    'https:///path',
    'not a url',
  ]

  it.each(urls)('%s', (url) => {
    expect(isExternalHttpsUrl(url)).toBe(isAllowedExternalUrl(url))
  })

  it('shows only https links with a host and no credentials as links', () => {
    expect(urls.filter((url) => isExternalHttpsUrl(url))).toEqual([
      'https://example.com',
      'https://example.com/a?b=c#d',
      'https://ko.wikipedia.org/wiki/%EC%9D%B4%EC%B0%A8%EB%B0%A9%EC%A0%95%EC%8B%9D',
      'HTTPS://EXAMPLE.COM',
      'https:///path', // the URL parser reads it as https://path/
    ])
    expect(isExternalHttpsUrl(undefined)).toBe(false)
  })
})
