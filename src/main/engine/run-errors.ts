import OpenAI from 'openai'
import { AppError } from '../../shared/errors'

/**
 * What went wrong with a run (or a connection test): a stable code and its parameters that the
 * renderer words for the learner, and an English sentence for the log. Never a stack trace.
 */

/** A stream that ended before its final event: the reply so far is kept. */
export function streamInterrupted(): AppError {
  return new AppError('stream_interrupted', {}, 'The connection dropped in the middle of the reply. What arrived is kept; retry to get the rest.')
}

/**
 * A run the server itself ended with an error (the Assistants API's `last_error`, a Responses
 * `response.failed` or `error` event): its code when we know it, else its own words.
 */
export function remoteRunError(code: string | null | undefined, detail: string | null | undefined, host: string): AppError {
  if (code === 'rate_limit_exceeded') return new AppError('rate_limit_exceeded', {}, `${host} ended the run: rate limit (${detail ?? 'no detail'}).`)
  if (code === 'server_error' || !code) return new AppError('server_error', { host }, `${host} ended the run with a server error: ${detail ?? 'no detail'}.`)
  return new AppError('remote_error', { code, detail: detail ?? '' }, `${host} ended the run: ${code}: ${detail ?? 'no detail'}.`)
}

/** Turns anything a backend threw into an AppError. */
export function classifyRunError(error: unknown, context: { host: string; model: string }): AppError {
  const { host, model } = context
  if (error instanceof AppError) return error
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new AppError('timeout', { host }, `${host} did not answer in time. Your message is kept; try again.`)
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new AppError('offline', { host }, `Cannot reach ${host}. Your message is kept and will be sent when the connection returns.`)
  }
  if (error instanceof OpenAI.AuthenticationError) {
    return new AppError('invalid_api_key', { host }, `${host} rejected the API key. Check it in Settings.`)
  }
  if (error instanceof OpenAI.PermissionDeniedError) {
    return new AppError('permission_denied', { host }, `This API key is not allowed to do that on ${host} (403). Check the key’s permissions.`)
  }
  if (error instanceof OpenAI.NotFoundError) {
    if (error.code === 'model_not_found' || /model/i.test(error.message)) {
      return new AppError('model_not_found', { model, host }, `The model “${model}” does not exist on ${host}. Pick another model for this assistant.`)
    }
    return new AppError('endpoint_not_found', { host }, `${host} does not offer this (404). Check the connection’s API and URL.`)
  }
  if (error instanceof OpenAI.RateLimitError) {
    if (error.code === 'insufficient_quota') {
      return new AppError('insufficient_quota', {}, 'This API key has no quota left. Check your plan and billing.')
    }
    return new AppError('rate_limit_exceeded', {}, 'Too many requests right now (rate limit). Wait a moment, then retry.')
  }
  if (error instanceof OpenAI.InternalServerError) {
    return new AppError('server_error', { host }, `${host} had a problem (${error.status}). Retry in a moment.`)
  }
  if (error instanceof OpenAI.BadRequestError || error instanceof OpenAI.UnprocessableEntityError) {
    const detail = (error.error as { message?: string } | undefined)?.message ?? error.message
    return new AppError('request_rejected', { detail }, `The server refused the request: ${detail}`)
  }
  if (error instanceof SyntaxError) {
    return new AppError('bad_response', { host }, `${host} sent a reply TutorDesk could not read. Retry.`)
  }
  if (isStreamCut(error)) return streamInterrupted()
  return new AppError('unknown', {}, 'The run failed for an unexpected reason. Your messages are kept; retry.')
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
