/**
 * Main-process logging. Every line passes through redaction first, so an API key that ends up
 * inside an error message (SDKs sometimes echo headers or request options) never reaches a log.
 */

export interface Logger {
  info(message: string, detail?: unknown): void
  warn(message: string, detail?: unknown): void
  error(message: string, detail?: unknown): void
}

export type LogLevel = 'info' | 'warn' | 'error'
export type LogSink = (level: LogLevel, line: string) => void

const REDACTED = '[redacted]'

// Shapes of OpenAI-style secrets and auth headers, redacted even when not registered.
const secretPatterns: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(Bearer\s+)[A-Za-z0-9._~+/-]{8,}=*/gi,
]

export interface SecretRegistry {
  /** Remember a secret value so it is redacted wherever it appears. */
  register(secret: string): void
  redact(text: string): string
}

export function createSecretRegistry(): SecretRegistry {
  const secrets = new Set<string>()
  return {
    register(secret) {
      // Very short values would redact ordinary words; real keys are long.
      if (secret.length >= 8) secrets.add(secret)
    },
    redact(text) {
      let result = text
      for (const secret of secrets) result = result.split(secret).join(REDACTED)
      for (const pattern of secretPatterns) {
        result = result.replace(pattern, (_match, prefix: unknown) => (typeof prefix === 'string' ? prefix : '') + REDACTED)
      }
      return result
    },
  }
}

export function describeForLog(detail: unknown): string {
  if (detail === undefined) return ''
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`
  if (typeof detail === 'string') return detail
  try {
    return JSON.stringify(detail)
  } catch {
    return String(detail)
  }
}

export const consoleSink: LogSink = (level, line) => {
  const write = level === 'error' ? console.error : level === 'warn' ? console.warn : console.log
  write(line)
}

export function createLogger(secrets: SecretRegistry, sink: LogSink = consoleSink): Logger {
  const log = (level: LogLevel, message: string, detail?: unknown) => {
    const extra = describeForLog(detail)
    const line = `[${new Date().toISOString()}] ${level.toUpperCase()} ${message}${extra ? ` ${extra}` : ''}`
    sink(level, secrets.redact(line))
  }
  return {
    info: (message, detail) => log('info', message, detail),
    warn: (message, detail) => log('warn', message, detail),
    error: (message, detail) => log('error', message, detail),
  }
}
