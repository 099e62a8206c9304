import type { Page } from '@playwright/test'

/**
 * Counts how many times each message's MessageItem re-renders, through React's DevTools hook
 * (React calls it after every commit, production builds included). A component that rendered
 * has a new list of hooks, or new props (one with no hooks of its own, or only useContext, has
 * no list); one that was skipped keeps both (React keeps the old props when a memo bails out).
 * A row that scrolls out and back in is a new component: mounted, not counted. Nothing of this
 * is in the app.
 */
export function countMessageRenders() {
  type Fiber = { tag: number; stateNode: unknown; memoizedState: unknown; memoizedProps: unknown; alternate: Fiber | null; child: Fiber | null; sibling: Fiber | null; return: Fiber | null }
  const renders: Record<string, number> = {}
  const seen = new Map<string, { fiber: Fiber; hooks: unknown; props: unknown }>()
  Object.assign(window, {
    __messageRenders: renders,
    __REACT_DEVTOOLS_GLOBAL_HOOK__: {
      supportsFiber: true,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => {},
      onCommitFiberUnmount: () => {},
      onPostCommitFiberRoot: () => {},
      onCommitFiberRoot(_renderer: number, root: { current: Fiber }) {
        // Off when a benchmark times the page without this hook's own cost.
        if ((window as { __countRenders?: boolean }).__countRenders === false) return
        const stack: Fiber[] = [root.current]
        while (stack.length > 0) {
          const fiber = stack.pop()!
          const node = fiber.stateNode
          if (fiber.tag === 5 && node instanceof HTMLElement && node.matches('article.message[data-message-id]')) {
            // MessageItem returns the article: its fiber is the nearest function component above.
            let item = fiber.return
            while (item && ![0, 11, 15].includes(item.tag)) item = item.return
            const id = node.dataset['messageId']!
            const before = seen.get(id)
            if (item && (before?.hooks !== item.memoizedState || before?.props !== item.memoizedProps)) {
              const sameComponent = !!before && (before.fiber === item || before.fiber === item.alternate)
              renders[id] = (renders[id] ?? 0) + (sameComponent ? 1 : 0)
              seen.set(id, { fiber: item, hooks: item.memoizedState, props: item.memoizedProps })
            }
          }
          if (fiber.sibling) stack.push(fiber.sibling)
          if (fiber.child) stack.push(fiber.child)
        }
      },
    },
  })
}

/** Each message's re-render count so far (see countMessageRenders). */
export const renderCounts = (page: Page): Promise<Record<string, number>> => page.evaluate(() => ({ ...(window as unknown as { __messageRenders: Record<string, number> }).__messageRenders }))
