import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react'
import { useT } from '../i18n/translate'
import {
  Virtuoso,
  type ContextProp,
  type IndexLocationWithAlign,
  type ItemProps,
  type ListProps,
  type VirtuosoHandle,
  type VirtuosoProps,
} from 'react-virtuoso'
import { messageText } from '../../../shared/domain'
import type { MessageWindow, WindowOutline } from '../hooks/message-window'
import { useMessageOutline, useMessagePaging, useWindowMessage } from '../hooks/queries'
import { MessageItem } from './message/MessageItem'

/** How near the end (in px) still counts as at the end. */
const endSlack = 48

/** A message to open the thread at (a search hit). `seq` is new at every request: the same hit twice lands twice. */
export interface Landing {
  messageId: string
  seq: number
}

export interface MessageListHandle {
  /** Goes to the newest message and follows it again (the user just sent one). */
  showLatest(): void
}

interface MessageListProps {
  threadId: string
  assistantName: string | null
  landing: Landing | null
}

/** What the list's parts (rows, edges) read; passed as Virtuoso's context, so rows need no new callbacks. */
interface ListContext {
  threadId: string
  assistantName: string | null
  highlightId: string | null
  loadingOlder: boolean
  loadingNewer: boolean
  hasOlder: boolean
  hasNewer: boolean
  failed: boolean
  retry(): void
}

/**
 * A thread's messages, virtualized (react-virtuoso): only those near the viewport are in the
 * page, so a thread of any length scrolls smoothly. Older pages load as the user nears the top
 * (`firstItemIndex` keeps the view still as they go in front); a window opened around a message
 * loads newer pages as the user nears its end.
 *
 * The view follows the newest text only while the user is at the end: scrolling up stops it
 * (the position is kept while a reply streams) and shows "Jump to latest", which goes back to
 * the end and follows again — as does sending a message. A landing (a search hit) loads the
 * page around its message, scrolls it into view and highlights it (`aria-current`) until the
 * user scrolls.
 */
export const MessageList = forwardRef<MessageListHandle, MessageListProps>(function MessageList({ threadId, assistantName, landing }, ref) {
  const t = useT()
  const messages = useMessageOutline(threadId, landing?.messageId ?? null)
  const { current, loadOlder, loadNewer, showAround, showLatest, loadingOlder, loadingNewer, failed } = useMessagePaging(threadId)
  const held = messages.data

  const virtuoso = useRef<VirtuosoHandle>(null)
  const scroller = useRef<HTMLElement | null>(null)
  const lastScrollTop = useRef(0)
  // Whether the view keeps the end in sight as text arrives: true until the user scrolls up.
  const following = useRef(!landing)
  const [away, setAway] = useState(!!landing)
  // The newest message when the user scrolled away: what came after it is "new".
  const [awayFrom, setAwayFrom] = useState<string | null>(null)
  // The message a new window starts at (else the end), and the one highlighted.
  const [startAt, setStartAt] = useState<string | null>(landing?.messageId ?? null)
  const [highlightId, setHighlightId] = useState<string | null>(landing?.messageId ?? null)
  const landedSeq = useRef(landing?.seq ?? 0)

  const stopFollowing = useCallback(() => {
    if (!following.current) return
    following.current = false
    setAway(true)
    setAwayFrom(current()?.data.at(-1)?.id ?? null)
  }, [current])

  const follow = useCallback(() => {
    following.current = true
    setAway(false)
    setAwayFrom(null)
  }, [])

  const jumpToLatest = useCallback(() => {
    follow()
    setHighlightId(null)
    setStartAt(null)
    // A window away from the end is replaced by the newest page: the new view starts at its end.
    if (current()?.has_newer) void showLatest()
    else virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' })
  }, [current, follow, showLatest])

  useImperativeHandle(ref, () => ({ showLatest: jumpToLatest }), [jumpToLatest])

  // Opened at a message, and the first window shown does not hold it: it was read before (the
  // thread opened earlier), or on its way when the thread opened (read ahead from the sidebar),
  // without the read around the message. The page around it is read now (a new window, which
  // starts at the message); a window that holds it is left as it is.
  const openedAt = useRef(landing)
  useEffect(() => {
    const at = openedAt.current
    if (!at || !held) return
    openedAt.current = null
    void showAround(at.messageId)
  }, [held, showAround])

  // A new landing in the thread shown: scroll to the message if the window holds it, else read
  // the page around it (a new window, which starts at the message).
  useEffect(() => {
    if (!landing || landing.seq === landedSeq.current) return
    landedSeq.current = landing.seq
    setStartAt(landing.messageId)
    stopFollowing()
    setHighlightId(landing.messageId)
    const index = current()?.data.findIndex((message) => message.id === landing.messageId) ?? -1
    if (index >= 0) virtuoso.current?.scrollToIndex({ index, align: 'center' })
    else void showAround(landing.messageId)
  }, [current, landing, showAround, stopFollowing])

  // The user moved the view: up and away from the end stops following; back at the end (of a
  // window that reaches the newest message) follows again.
  const onScroll = useCallback(() => {
    const element = scroller.current
    if (!element) return
    const top = element.scrollTop
    const distance = element.scrollHeight - element.clientHeight - top
    if (distance <= endSlack && !current()?.has_newer) {
      if (!following.current) follow()
    } else if (top < lastScrollTop.current - 1) {
      stopFollowing()
    }
    lastScrollTop.current = top
  }, [current, follow, stopFollowing])

  // The highlight stays until the user scrolls (wheel, touch, keys, the scroll bar); the view's
  // own scrolling (loading pages, following) leaves it.
  const onUserScroll = useCallback((event: Event) => {
    if (event.type === 'pointerdown' && event.target !== event.currentTarget) return
    if (event instanceof KeyboardEvent && !scrollKeys.has(event.key)) return
    setHighlightId(null)
  }, [])

  const setScroller = useCallback(
    (element: HTMLElement | Window | null) => {
      const previous = scroller.current
      if (previous) {
        previous.removeEventListener('scroll', onScroll)
        for (const type of userScrollEvents) previous.removeEventListener(type, onUserScroll)
      }
      scroller.current = element instanceof HTMLElement ? element : null
      if (!scroller.current) return
      lastScrollTop.current = scroller.current.scrollTop
      scroller.current.addEventListener('scroll', onScroll, { passive: true })
      for (const type of userScrollEvents) scroller.current.addEventListener(type, onUserScroll, { passive: true })
    },
    [onScroll, onUserScroll],
  )

  // New items: Virtuoso keeps the end in view while following. Growing text (a streamed reply):
  // the list's height changes, and the view goes with it.
  const followOutput = useCallback(() => (following.current ? ('auto' as const) : false), [])
  const onHeightChanged = useCallback(() => {
    const element = scroller.current
    // A scroll up not yet handled (its event comes later) stops following first.
    onScroll()
    if (following.current && element) element.scrollTop = element.scrollHeight
  }, [onScroll])

  const announcement = useReplyAnnouncement(held, current, assistantName)

  const context = useMemo<ListContext>(
    () => ({
      threadId,
      assistantName,
      highlightId,
      loadingOlder,
      loadingNewer,
      hasOlder: held?.has_older ?? false,
      hasNewer: held?.has_newer ?? false,
      failed,
      retry: () => void (current()?.has_newer ? loadNewer() : loadOlder()),
    }),
    [threadId, assistantName, highlightId, loadingOlder, loadingNewer, held?.has_older, held?.has_newer, failed, current, loadNewer, loadOlder],
  )

  if (messages.isError) return <p className="error">{t('messages.loadFailed')}</p>
  if (held && held.ids.length === 0) return <p className="muted messages-empty">{t('messages.empty')}</p>

  const newCount = newMessagesSince(held, awayFrom)
  return (
    <div className="message-list">
      {held && (
        <WindowView
          // A new window (landing, jump to the latest) starts a new view: its own start, measured afresh.
          key={held.epoch}
          held={held}
          startAt={startAt}
          handle={virtuoso}
          className="message-scroller"
          role="region"
          aria-label={t('history.label')}
          tabIndex={0}
          scrollerRef={setScroller}
          data={held.ids}
          firstItemIndex={held.first_index}
          computeItemKey={messageKey}
          itemContent={renderMessage}
          context={context}
          components={parts}
          followOutput={followOutput}
          totalListHeightChanged={onHeightChanged}
          startReached={loadOlder}
          endReached={loadNewer}
          increaseViewportBy={{ top: 600, bottom: 600 }}
          // Rows are measured in the frame they are laid out in, not the next one: with a row
          // height assumed (WindowView), a list opening at its end is placed a frame sooner.
          skipAnimationFrameInResizeObserver
        />
      )}
      {(away || held?.has_newer) && (
        <button
          type="button"
          className="jump-to-latest"
          onClick={() => {
            jumpToLatest()
            // The button goes away: keyboard focus stays in the list rather than falling to the page.
            scroller.current?.focus({ preventScroll: true })
          }}
        >
          {newCount > 0 ? t('history.jumpToLatestNew', { count: newCount }) : t('history.jumpToLatest')}
        </button>
      )}
      <div className="message-list-live" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
})

const userScrollEvents = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const
const scrollKeys = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' '])

interface WindowViewProps extends VirtuosoProps<string, ListContext> {
  held: WindowOutline
  startAt: string | null
  handle: Ref<VirtuosoHandle>
}

/**
 * The list of one window: where it starts is decided once, when it mounts (a new window mounts
 * anew) — at the landing's message, centered, if the window holds it, else at the end.
 *
 * A view at the end starts scrolled as far down as it goes (`initialScrollTop`) rather than at
 * react-virtuoso's `initialTopMostItemIndex`, which waits four animation frames before it scrolls
 * there and keeps the list blank meanwhile (≈ 67 ms of every thread switch). The list stays
 * invisible until it is at the end: Virtuoso lays out the first rows at the top before it
 * scrolls, and a frame may be drawn in between (test/e2e/history.spec.ts checks every frame of
 * a switch). Until that first frame is drawn it renders only the rows in view (no overscan):
 * rows rendered at the top and again at the end were most of a switch's time. It is given a row
 * height to assume (`defaultItemHeight`) instead of measuring one row first: it knows its height
 * at once, so the scroll to the end lands in the first frame, not the second (warm switch in
 * the renderer bench, quick size: 48–51 → 32–36 ms).
 */
function WindowView({ held, startAt, handle, className, scrollerRef, ...props }: WindowViewProps) {
  const [landing] = useState<IndexLocationWithAlign | null>(() => {
    const index = startAt ? held.ids.indexOf(startAt) : -1
    return index >= 0 ? { index, align: 'center' } : null
  })
  const [placed, setPlaced] = useState(landing !== null)
  // Rows beyond the viewport are rendered once the placed list has been drawn: the first frame
  // shown waits only for the rows it shows.
  const [filled, setFilled] = useState(landing !== null)
  const place = useCallback(() => {
    setPlaced(true)
    requestAnimationFrame(() => setTimeout(() => setFilled(true)))
  }, [])
  const atEnd = useCallback((atBottom: boolean) => atBottom && place(), [place])
  // Any scroll ends the placing too: the first is the one to the end (its rows are drawn in the
  // same frame), and a list that was moved before it got there must not stay hidden.
  const watchScroller = useCallback(
    (element: HTMLElement | Window | null) => {
      element?.addEventListener('scroll', place, { once: true, passive: true })
      scrollerRef?.(element)
    },
    [place, scrollerRef],
  )
  if (landing) return <Virtuoso<string, ListContext> {...props} className={className} scrollerRef={scrollerRef} ref={handle} initialTopMostItemIndex={landing} />
  return (
    <Virtuoso<string, ListContext>
      {...props}
      increaseViewportBy={filled ? props.increaseViewportBy : 0}
      className={placed ? className : `${className} placing`}
      scrollerRef={watchScroller}
      ref={handle}
      initialScrollTop={Number.MAX_SAFE_INTEGER}
      defaultItemHeight={assumedRowHeight}
      atBottomStateChange={atEnd}
    />
  )
}

/** A row's height (px) before it is measured: a short exchange's, about. */
const assumedRowHeight = 96

/** How many messages came after `awayFrom` (the newest when the user scrolled away). */
function newMessagesSince(held: WindowOutline | undefined, awayFrom: string | null): number {
  if (!held || !awayFrom || held.has_newer) return 0
  const index = held.ids.indexOf(awayFrom)
  return index >= 0 ? held.ids.length - 1 - index : 0
}

/**
 * What the polite live region says: a reply once it is finished (not every streamed piece, and
 * not what was already there when the thread opened or a page loaded).
 */
function useReplyAnnouncement(held: WindowOutline | undefined, current: () => MessageWindow | undefined, assistantName: string | null): string {
  const t = useT()
  const [announcement, setAnnouncement] = useState('')
  const seen = useRef<{ epoch: number; last: WindowOutline['last'] } | null>(null)
  useEffect(() => {
    if (!held) return
    const previous = seen.current
    const last = held.last
    seen.current = { epoch: held.epoch, last }
    if (!previous || previous.epoch !== held.epoch || !last || last.role !== 'assistant' || last.status === 'in_progress') return
    const finishedNow = previous.last?.id === last.id ? previous.last.status === 'in_progress' : true
    const reply = current()?.data.at(-1)
    if (finishedNow && reply?.id === last.id) setAnnouncement(`${assistantName ?? t('history.assistant')}: ${messageText(reply.content)}`)
  }, [held, current, assistantName, t])
  return announcement
}

const messageKey = (_index: number, id: string) => id

// Stable: the list hands each row only its message's id; the row reads the message itself, so a
// streamed piece redraws the one row it belongs to and the list does not re-render at all.
const renderMessage = (_index: number, id: string, context: ListContext) => <MessageRow threadId={context.threadId} id={id} assistantName={context.assistantName} />

function MessageRow({ threadId, id, assistantName }: { threadId: string; id: string; assistantName: string | null }) {
  const message = useWindowMessage(threadId, id)
  return message ? <MessageItem message={message} assistantName={assistantName} /> : null
}

const Rows = forwardRef<HTMLUListElement, ListProps<HTMLUListElement> & ContextProp<ListContext>>(function Rows({ context: _context, ...props }, ref) {
  return <ul {...props} ref={ref} className="message-rows" />
})

function Row({ item, context, ...props }: ItemProps<string> & ContextProp<ListContext>) {
  const highlighted = context.highlightId === item
  return <li {...props} className={highlighted ? 'message-row landed' : 'message-row'} aria-current={highlighted ? 'true' : undefined} />
}

/** Above the first message: older pages loading, a failed load to retry, or the start of the thread. */
function Top({ context }: ContextProp<ListContext>) {
  const t = useT()
  return (
    <div className="message-list-edge">
      {context.failed && !context.hasNewer ? (
        <span className="error">
          {t('history.loadFailed')}{' '}
          <button type="button" onClick={context.retry}>
            {t('history.retry')}
          </button>
        </span>
      ) : context.loadingOlder ? (
        <span className="muted">{t('history.loadingOlder')}</span>
      ) : !context.hasOlder ? (
        <span className="muted">{t('history.start')}</span>
      ) : null}
    </div>
  )
}

/** Below the last message of a window away from the end: newer pages loading. */
function Bottom({ context }: ContextProp<ListContext>) {
  const t = useT()
  return (
    <div className="message-list-edge end">
      {context.failed && context.hasNewer ? (
        <span className="error">
          {t('history.loadFailed')}{' '}
          <button type="button" onClick={context.retry}>
            {t('history.retry')}
          </button>
        </span>
      ) : context.loadingNewer ? (
        <span className="muted">{t('history.loadingNewer')}</span>
      ) : null}
    </div>
  )
}

const parts = { List: Rows, Item: Row, Header: Top, Footer: Bottom }
