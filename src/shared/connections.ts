import { z } from 'zod'
import type { ApiKeyStatus } from './settings'

/**
 * Where runs execute. An assistant runs on a named connection: a backend (which API), a base
 * URL, and its own secret key (kept by main, never here).
 * - `responses`: OpenAI's Responses + Conversations API (the default, OpenAI today)
 * - `chat`: Chat Completions, for OpenAI-compatible local servers (Ollama, LM Studio, llama.cpp, vLLM)
 * - `assistants`: the beta Assistants API, for servers that still offer it
 */
export const backendSchema = z.enum(['responses', 'chat', 'assistants'])
export type BackendName = z.infer<typeof backendSchema>

export const connectionFieldsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  backend: backendSchema,
  /** null: OPENAI_BASE_URL from the environment, else OpenAI's own. */
  baseURL: z
    .string()
    .trim()
    .max(2048)
    .url()
    .refine((url) => /^https?:\/\//.test(url), 'must be an http(s) URL')
    .nullable(),
  /** Assistants API only: stream runs, or create them and poll as the tutorial does. */
  assistantsMode: z.enum(['stream', 'poll']),
})

export type ConnectionFields = z.infer<typeof connectionFieldsSchema>

export interface Connection extends ConnectionFields {
  id: string
}

export interface ConnectionWithStatus extends Connection {
  apiKey: ApiKeyStatus
  /**
   * The server requests go to, and why: the connection's own URL, OPENAI_BASE_URL from the
   * developer environment (default connection without a URL), or OpenAI's own.
   */
  server: { url: string; source: 'connection' | 'environment' | 'openai' }
}

/** The connection every assistant uses unless it names another; its key is the app's API key. */
export const defaultConnectionId = 'openai'

export const defaultConnection: Connection = {
  id: defaultConnectionId,
  name: 'OpenAI',
  backend: 'responses',
  baseURL: null,
  assistantsMode: 'stream',
}

export interface ConnectivityState {
  online: boolean
  /** Runs waiting for the connection to come back (messages written offline). */
  waiting_runs: number
}
