/**
 * Errors as data. Every error that can reach the user — a refused request, a run's
 * `last_error`, a connection test, a setting that could not be saved — is a stable code and
 * its parameters. The renderer words it in the user's language (`errors.<code>` in its i18n
 * resources; a test fails when a code lacks a translation); main keeps an English sentence,
 * `message`, for its log and the JSON view. Never a stack trace.
 *
 * Each code lists the parameters it carries. Translations may use any of them, and no other.
 */
export const errorParams = {
  // A request the contract refused.
  /** The payload did not match the channel's schema (`issues` says which fields). */
  invalid_request: ['channel'],
  /** No such channel in the contract. */
  unknown_channel: ['channel'],
  /** The request came from a frame that is not our own page. */
  forbidden: [],
  /** A bug in TutorDesk: logged in main; the renderer learns only that it happened. */
  internal: [],
  /** Saving failed: the disk holding the user-data folder is full. */
  disk_full: ['folder'],
  /** Saving failed: the user-data folder cannot be written (read-only, no permission). */
  read_only: ['folder'],
  /** Saving failed for another reason of the disk's (an I/O error). */
  storage_failed: ['folder'],
  /** A page of the conversation database is damaged; the next start repairs what it can. */
  database_damaged: [],

  // The object asked for, or what its state allows.
  not_found: ['kind', 'id'],
  thread_has_no_assistant: [],
  /** The thread already has a run going. */
  run_active: ['run_id'],
  run_not_cancellable: ['status'],
  run_not_retryable: ['status'],
  /** Messages written as the assistant carry text only. */
  assistant_text_only: [],
  /** Message actions: only a question can be edited, only a reply written again. */
  message_not_editable: [],
  message_not_regenerable: [],
  default_connection_locked: [],
  /** Assistants still run on the connection (their names). */
  connection_in_use: ['assistants'],
  /** The run's connection was deleted after the run was asked for. */
  connection_missing: [],
  /** The computer offers no encryption for saving a key. */
  key_storage_unavailable: [],
  /** A saved key cannot be decrypted (the OS keyring changed or is locked). */
  key_unreadable: [],

  // Talking to a server: a run's last_error, a connection test.
  offline: ['host'],
  timeout: ['host'],
  missing_api_key: [],
  invalid_api_key: ['host'],
  permission_denied: ['host'],
  model_not_found: ['model', 'host'],
  /** The server has no such endpoint: usually the wrong API or URL for the connection. */
  endpoint_not_found: ['host'],
  rate_limit_exceeded: [],
  insufficient_quota: [],
  server_error: ['host'],
  /** The server refused the request (400/422), in its own words. */
  request_rejected: ['detail'],
  /** The server ended the run with an error of its own (its code, its words). */
  remote_error: ['code', 'detail'],
  stream_interrupted: [],
  bad_response: ['host'],
  /** TutorDesk closed while the run was going. */
  interrupted: [],
  unknown: [],

  // Import of an export file (issue 9: export and import).
  /** The file is not JSON at all. */
  import_not_json: [],
  /** JSON, but not a TutorDesk export. */
  import_not_tutordesk: [],
  /** A TutorDesk export of a version this app does not read. */
  import_unsupported_version: ['version', 'supported'],
  /** An object in the file is not valid (`path` says where, `detail` what). */
  import_invalid: ['path', 'detail'],
  /** The file is larger than an import takes. */
  import_too_large: ['max_mb'],
} as const satisfies Record<string, readonly string[]>

export type ErrorCode = keyof typeof errorParams
export type ErrorParamValue = string | number | string[]
/** The parameters a code carries (for a union of codes, any one code's). */
export type ErrorParams<C extends ErrorCode = ErrorCode> = C extends ErrorCode ? { [Name in (typeof errorParams)[C][number]]: ErrorParamValue } : never

export const errorCodes = Object.keys(errorParams) as ErrorCode[]

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorParams, code)
}

/** An error as it is stored (a run's `last_error`) and sent (inside an IPC error). */
export type ErrorData<C extends ErrorCode = ErrorCode> = C extends ErrorCode
  ? {
      code: C
      params: ErrorParams<C>
      /** Main's English sentence: for the log and the JSON view, not for the UI. */
      message: string
    }
  : never

/**
 * The error with `transform` applied to all its text: its sentence and every string parameter.
 * Main passes errors through its secret redactor before they leave it, because a server's own
 * words (`detail`) may quote the request, key included.
 */
export function mapErrorText<E extends ErrorData>(error: E, transform: (text: string) => string): E {
  const params = Object.fromEntries(
    Object.entries(error.params).map(([name, value]) => [name, typeof value === 'string' ? transform(value) : Array.isArray(value) ? value.map(transform) : value]),
  )
  return { ...error, params, message: transform(error.message) }
}

export interface IssueDetail {
  path: string
  message: string
}

export type IpcError = ErrorData & {
  /** For `invalid_request`: which fields were wrong. */
  issues?: IssueDetail[]
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** What main's services throw for a failure the user should hear about. */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly code: C,
    readonly params: ErrorParams<C>,
    message: string,
  ) {
    super(message)
  }

  toData(): ErrorData {
    return { code: this.code, params: this.params, message: this.message } as ErrorData
  }
}

/** What `not_found` can name. */
export const objectKinds = ['assistant', 'thread', 'message', 'run', 'connection'] as const
export type ObjectKind = (typeof objectKinds)[number]

export function notFound(kind: ObjectKind, id: string): AppError<'not_found'> {
  return new AppError('not_found', { kind, id }, `No ${kind} with id ${id}.`)
}

/** `value`, or the `not_found` error naming what was asked for ("No run with id run_…"). */
export function orNotFound<T>(value: T | undefined, kind: ObjectKind, id: string): T {
  if (value === undefined) throw notFound(kind, id)
  return value
}

/** The renderer's view of a failed request: an Error that keeps the typed fields. */
export class IpcRequestError extends Error {
  override readonly name = 'IpcRequestError'
  readonly code: ErrorCode
  readonly params: ErrorParams
  readonly issues: IssueDetail[]
  constructor(
    readonly channel: string,
    error: IpcError,
  ) {
    super(error.message)
    this.code = error.code
    this.params = error.params
    this.issues = error.issues ?? []
  }
}
