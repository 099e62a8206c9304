/**
 * Errors as they cross the boundary between main and the renderer: a stable code the UI can
 * act on and a sentence a person can read. Never a stack trace.
 */

export const ipcErrorCodes = [
  /** The payload did not match the channel's schema. */
  'invalid_request',
  /** No such channel in the contract. */
  'unknown_channel',
  /** The request came from a frame that is not our own page. */
  'forbidden',
  /** The object asked for does not exist. */
  'not_found',
  /** The request conflicts with the current state (e.g. a run is already active). */
  'conflict',
  /** A local resource could not be used (disk, key storage). */
  'unavailable',
  /** Anything else: a bug. Logged in main; the renderer gets only this code. */
  'internal',
] as const

export type IpcErrorCode = (typeof ipcErrorCodes)[number]

export interface IssueDetail {
  path: string
  message: string
}

export interface IpcError {
  code: IpcErrorCode
  message: string
  /** For `invalid_request`: which fields were wrong. */
  issues?: IssueDetail[]
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Thrown by main-process services for failures the user should hear about in plain words. */
export class AppError extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** `value`, or the `not_found` error naming what was asked for ("No run with id run_…"). */
export function orNotFound<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw new AppError('not_found', `No ${kind} with id ${id}.`)
  return value
}

/** The renderer's view of a failed request: an Error that keeps the typed fields. */
export class IpcRequestError extends Error {
  override readonly name = 'IpcRequestError'
  readonly code: IpcErrorCode
  readonly issues: IssueDetail[]
  constructor(
    readonly channel: string,
    error: IpcError,
  ) {
    super(error.message)
    this.code = error.code
    this.issues = error.issues ?? []
  }
}
