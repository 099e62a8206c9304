import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'

/**
 * Rules switched off for every screen, each with why. Keep this short: a rule goes here only
 * when what it flags is not a barrier, never to make a finding go away.
 */
export const disabledRules: Record<string, string> = {}

/** What counts as a failure: axe's two highest impacts. */
const failingImpacts = new Set(['serious', 'critical'])

/**
 * Runs axe-core (all its default rules: WCAG 2.x A/AA and best practices) on the page as it is
 * now and fails on any serious or critical violation, naming the screen, the rule and the
 * elements. Every finding, lesser ones too, is attached to the test's report for reading.
 * `include` narrows the check to part of the page (e.g. an open dialog, though the whole page
 * is the usual choice: a modal dialog makes the rest inert, which axe understands).
 */
export async function expectNoSeriousViolations(page: Page, screenName: string, options: { include?: string } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).disableRules(Object.keys(disabledRules))
  if (options.include) builder = builder.include(options.include)
  const results = await builder.analyze()
  await test.info().attach(`axe-${screenName}.json`, {
    body: JSON.stringify({ violations: results.violations, incomplete: results.incomplete.map(({ id, impact, help }) => ({ id, impact, help })) }, null, 2),
    contentType: 'application/json',
  })
  // AXE_REPORT=1 prints every finding, whatever its impact, to read the lesser ones too.
  if (process.env['AXE_REPORT']) {
    for (const violation of results.violations) console.log(`[axe] ${screenName}: ${violation.impact} ${violation.id} (${violation.nodes.length}) ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 4).join(' | ')}`)
  }
  const serious = results.violations
    .filter((violation) => failingImpacts.has(violation.impact ?? ''))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(0, 3).join(' ') ?? ''}`),
    }))
  // Soft: one run reports every screen that fails, not only the first.
  expect.soft(serious, `serious or critical accessibility violations on "${screenName}"`).toEqual([])
}
