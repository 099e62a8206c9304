import OpenAI from 'openai'
import type { RunError } from '../../shared/domain'

/**
 * What went wrong with a run, in words a learner can act on, with a stable code the UI and
 * tests can rely on. Never a stack trace.
 */
export type RunErrorCode =
  | 'offline'
  | 'timeout'
  | 'invalid_api_key'
  | 'missing_api_key'
  | 'permission_denied'
  | 'model_not_found'
  | 'rate_limit_exceeded'
  | 'insufficient_quota'
  | 'server_error'
  | 'invalid_request'
  | 'stream_interrupted'
  | 'bad_response'
  | 'interrupted'
  | 'unsupported'
  | 'unknown'

export class RunFailure extends Error {
  override readonly name = 'RunFailure'
  constructor(
    readonly code: RunErrorCode,
    message: string,
  ) {
    super(message)
  }

  toRunError(): RunError {
    return { code: this.code, message: this.message }
  }
}

/** A stream that ended before its final event: the reply so far is kept. */
export function streamInterrupted(): RunFailure {
  return new RunFailure('stream_interrupted', 'The connection dropped in the middle of the reply. What arrived is kept; retry to get the rest.')
}

/** Turns anything a backend threw into a RunFailure. */
export function classifyRunError(error: unknown, context: { host: string; model: string }): RunFailure {
  if (error instanceof RunFailure) return error
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new RunFailure('timeout', `${context.host} did not answer in time. Your message is kept; try again.`)
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new RunFailure(
      'offline',
      `Cannot reach ${context.host}. Your message is kept and will be sent when the connection returns.`,
    )
  }
  if (error instanceof OpenAI.AuthenticationError) {
    return new RunFailure('invalid_api_key', 'The API key was rejected. Check it in Settings.')
  }
  if (error instanceof OpenAI.PermissionDeniedError) {
    return new RunFailure('permission_denied', 'This API key is not allowed to do that (403). Check the key’s permissions.')
  }
  if (error instanceof OpenAI.NotFoundError) {
    if (error.code === 'model_not_found' || /model/i.test(error.message)) {
      return new RunFailure('model_not_found', `The model “${context.model}” does not exist on ${context.host}. Pick another model for this assistant.`)
    }
    return new RunFailure('invalid_request', `${context.host} does not offer this (404). Check the connection’s backend and URL.`)
  }
  if (error instanceof OpenAI.RateLimitError) {
    if (error.code === 'insufficient_quota') {
      return new RunFailure('insufficient_quota', 'This API key has no quota left. Check your plan and billing.')
    }
    return new RunFailure('rate_limit_exceeded', 'Too many requests right now (rate limit). Wait a moment, then retry.')
  }
  if (error instanceof OpenAI.InternalServerError) {
    return new RunFailure('server_error', `${context.host} had a problem (${error.status}). Retry in a moment.`)
  }
  if (error instanceof OpenAI.BadRequestError || error instanceof OpenAI.UnprocessableEntityError) {
    return new RunFailure('invalid_request', `The server refused the request: ${error.error ? (error.error as { message?: string }).message ?? error.message : error.message}`)
  }
  if (error instanceof SyntaxError) {
    return new RunFailure('bad_response', `${context.host} sent a reply TutorDesk could not read. Retry.`)
  }
  if (isStreamCut(error)) return streamInterrupted()
  return new RunFailure('unknown', 'The run failed for an unexpected reason. Your messages are kept; retry.')
}

// fetch (undici) reports a body cut mid-way as `TypeError: terminated` (cause: SocketError)
// or an AbortError-less "other side closed".
function isStreamCut(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return (
    error.message === 'terminated' ||
    /other side closed|socket hang up|ECONNRESET/i.test(error.message) ||
    cause?.code === 'UND_ERR_SOCKET' ||
    cause?.code === 'ECONNRESET'
  )
}
