/**
 * The contract's request channels and events as plain lists of names: all the preload needs to
 * refuse a name that is not ours, without loading the schemas (validation happens in main).
 * `contract.ts` fails the type check unless these lists hold exactly its maps' keys.
 */
export const channelNames = [
  'app:info',
  'assistants:list',
  'assistants:get',
  'assistants:create',
  'assistants:update',
  'assistants:delete',
  'threads:list',
  'threads:get',
  'threads:create',
  'threads:rename',
  'threads:pin',
  'threads:setModel',
  'threads:delete',
  'threads:search',
  'messages:list',
  'messages:create',
  'messages:edit',
  'messages:select',
  'messages:delete',
  'runs:create',
  'runs:get',
  'runs:list',
  'runs:cancel',
  'runs:retry',
  'runs:regenerate',
  'runs:steps',
  'connections:list',
  'connections:create',
  'connections:update',
  'connections:delete',
  'connections:setApiKey',
  'connections:test',
  'app:connectivity',
  'settings:get',
  'settings:update',
  'settings:setApiKey',
  'settings:hasApiKey',
  'settings:clearApiKey',
  'export:chunk',
  'import:json',
] as const

export const eventNames = ['run:status', 'run:delta', 'run:step', 'message:saved', 'thread:saved', 'connectivity:changed'] as const

/**
 * The one message a renderer sends without expecting an answer: it has subscribed to events,
 * so main may deliver the ones it held back (and keeps holding while the page reloads).
 */
export const rendererReadySignal = 'renderer:ready'

export type Channel = (typeof channelNames)[number]
export type EventName = (typeof eventNames)[number]

const channelSet: ReadonlySet<string> = new Set(channelNames)
const eventSet: ReadonlySet<string> = new Set(eventNames)

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && channelSet.has(name)
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name)
}
