import type { z } from 'zod'
import { isChannel, requests, type Channel, type ParsedRequestOf, type ResponseOf } from '../../shared/contract'
import { AppError, mapErrorText, type IpcError, type IpcResult, type IssueDetail } from '../../shared/errors'
import type { Logger } from './logger'

/**
 * One handler per contract channel. The mapped type makes a missing channel a type error,
 * and each handler receives the request already validated against the channel's schema.
 */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>
}

export interface Router {
  /** Validates and runs one request. Never throws and never rejects: failures are results. */
  dispatch(channel: string, payload: unknown): Promise<IpcResult<unknown>>
}

export interface RouterOptions {
  logger: Logger
  /** Applied to every error's text before it leaves main: a server may echo the API key. */
  redact(text: string): string
  /** Turns an unexpected failure into what the user can act on, when it is one (a full disk…). */
  explain?(error: unknown): AppError | undefined
}

export function createRouter(handlers: Handlers, { logger, redact, explain }: RouterOptions): Router {
  return {
    async dispatch(channel, payload) {
      if (!isChannel(channel)) {
        return failure({ code: 'unknown_channel', params: { channel }, message: `There is no request channel named "${channel}".` })
      }
      const parsed = validate(channel, payload)
      if (!parsed.success) {
        return failure({
          code: 'invalid_request',
          params: { channel },
          message: `The request to ${channel} was not valid.`,
          issues: parsed.issues,
        })
      }
      try {
        const handler = handlers[channel] as (request: unknown) => unknown
        return { ok: true, value: await handler(parsed.data) }
      } catch (error) {
        if (error instanceof AppError) return failure(mapErrorText(error.toData(), redact))
        logger.error(`ipc ${channel} failed`, error)
        const explained = explain?.(error)
        if (explained) return failure(mapErrorText(explained.toData(), redact))
        return failure({ code: 'internal', params: {}, message: 'Something went wrong inside TutorDesk. Your data is safe; please try again.' })
      }
    },
  }
}

/** The request checked against its schema; a check that throws (a hostile payload) is a refusal too. */
function validate(channel: Channel, payload: unknown): { success: true; data: unknown } | { success: false; issues: IssueDetail[] } {
  try {
    const parsed = requests[channel].request.safeParse(payload)
    return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: describeIssues(parsed.error) }
  } catch {
    return { success: false, issues: [{ path: '', message: 'could not be read' }] }
  }
}

function failure(error: IpcError): IpcResult<never> {
  return { ok: false, error }
}

function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}
