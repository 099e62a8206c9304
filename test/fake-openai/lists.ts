import { ApiError, errors } from './http'

/**
 * The list envelope of the cursor-paginated endpoints (assistants, messages, runs, run steps,
 * conversation items). OpenAPI's ListAssistantsResponse, ListMessagesResponse, ListRunsResponse,
 * ListRunStepsResponse and ConversationItemList all require `first_id` and `last_id` as plain
 * strings (not nullable, unlike the lists whose schema says `anyOf: [string, null]`); the SDK's
 * `ConversationItemList` agrees, and the Assistants pages have no SDK envelope type at all.
 */
export interface CursorList<T> {
  object: 'list'
  data: T[]
  /** The page's first id; '' on an empty page, which has no id to give but must give a string. */
  first_id: string
  last_id: string
  has_more: boolean
}

/**
 * The envelope around one page. '' is also what the SDK's `ConversationCursorPage` reads as "no
 * cursor" (it falls back to '' for a missing `last_id`), so an empty page never asks for another.
 */
function envelope<T extends { id: string }>(page: T[], hasMore: boolean): CursorList<T> {
  return { object: 'list', data: page, first_id: page[0]?.id ?? '', last_id: page.at(-1)?.id ?? '', has_more: hasMore }
}

/**
 * One page of `oldestFirst` as the real API pages it: `order` (asc | desc), `after` / `before`
 * (an id in the list: the page continues right after it, or ends right before it, in that
 * order), `limit` 1–100, 20 by default.
 */
export function cursorList<T extends { id: string }>(
  oldestFirst: readonly T[],
  query: URLSearchParams,
  defaultOrder: 'asc' | 'desc',
): CursorList<T> {
  const order = query.get('order') ?? defaultOrder
  if (order !== 'asc' && order !== 'desc') {
    throw new ApiError(400, errors.invalidRequest(`Invalid value for 'order': expected 'asc' or 'desc', got '${order}'.`, 'order'))
  }
  const limit = Number(query.get('limit') ?? 20)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ApiError(400, errors.invalidRequest(`Invalid 'limit': expected an integer from 1 to 100.`, 'limit'))
  }
  const ordered = order === 'asc' ? [...oldestFirst] : [...oldestFirst].reverse()

  const cursorIndex = (param: 'after' | 'before') => {
    const id = query.get(param)
    if (id === null) return undefined
    const index = ordered.findIndex((item) => item.id === id)
    if (index < 0) throw new ApiError(400, errors.invalidRequest(`Invalid '${param}': no object with id '${id}' in this list.`, param))
    return index
  }
  const afterIndex = cursorIndex('after')
  const beforeIndex = cursorIndex('before')

  let page: T[]
  let hasMore: boolean
  if (beforeIndex !== undefined) {
    // The page that ends right before the cursor ("the previous page").
    const start = Math.max(afterIndex === undefined ? 0 : afterIndex + 1, beforeIndex - limit)
    page = ordered.slice(start, beforeIndex)
    hasMore = start > (afterIndex === undefined ? 0 : afterIndex + 1)
  } else {
    const start = afterIndex === undefined ? 0 : afterIndex + 1
    page = ordered.slice(start, start + limit)
    hasMore = start + limit < ordered.length
  }
  return envelope(page, hasMore)
}

/** A list that is all on one page, e.g. the items just added to a conversation. */
export function wholeList<T extends { id: string }>(items: T[]): CursorList<T> {
  return envelope(items, false)
}
