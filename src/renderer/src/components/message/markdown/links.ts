/**
 * Which links in a reply are shown as links. The same rule as main's `isAllowedExternalUrl`
 * (src/main/electron/security.ts), which decides what the OS browser is given: an https URL with
 * a host and no credentials, parsed by the URL parser. Anything else (http:, mailto:, file:,
 * javascript:, a relative path, a page anchor) is shown as its text, so the learner never
 * clicks a link that would do nothing. A test holds the two rules to each other.
 */
export function isExternalHttpsUrl(raw: string | null | undefined): raw is string {
  if (!raw) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
}
