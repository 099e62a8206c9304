import i18next, { type i18n as I18n } from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import { errorCodes, errorParams, IpcRequestError, objectKinds } from '../../../src/shared/errors'
import { appNoticeFields } from '../../../src/shared/settings'
import { runRetryWaitSchema } from '../../../src/shared/domain-schemas'
import { en } from '../../../src/renderer/src/i18n/en'
import { ko } from '../../../src/renderer/src/i18n/ko'
import { describeError } from '../../../src/renderer/src/i18n/describe-error'

/** Every error main can send is worded in every language the UI speaks, with only its own parameters. */
const languages = { en, ko } as const
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]!)

describe('error translations', () => {
  it.each(Object.entries(languages))('%s words every error code', (_language, resources) => {
    const errors = resources.errors as Record<string, unknown>
    const missing = errorCodes.filter((code) => typeof errors[code] !== 'string' || (errors[code] as string).trim() === '')
    expect(missing).toEqual([])
  })

  it.each(Object.entries(languages))('%s uses only the parameters each code carries', (_language, resources) => {
    const errors = resources.errors as Record<string, string>
    for (const code of errorCodes) {
      const allowed: readonly string[] = errorParams[code]
      // The code's sentence, and its variants by kind of object (`not_found_thread`).
      const variants = allowed.includes('kind') ? objectKinds.map((kind) => `${code}_${kind}`) : []
      for (const key of [code, ...variants].filter((key) => key in errors)) {
        expect(placeholders(errors[key]!).filter((name) => !allowed.includes(name)), key).toEqual([])
      }
    }
  })

  it('has Korean that is Korean, not a copied English sentence', () => {
    const notKorean = errorCodes.filter((code) => !/[\uac00-\ud7a3]/.test((ko.errors as Record<string, string>)[code]!))
    expect(notKorean).toEqual([])
  })

  it.each(Object.entries(languages))('%s says "not found" whole for every kind of object', (_language, resources) => {
    for (const kind of objectKinds) expect((resources.errors as Record<string, string>)[`not_found_${kind}`], kind).toBeTruthy()
  })
})

describe('start-up notices', () => {
  it.each(Object.entries(languages))('%s words every notice, with only the notice’s own fields', (_language, resources) => {
    const notices = resources.notices as Record<string, string>
    for (const [code, fields] of Object.entries(appNoticeFields)) {
      expect(notices[code], code).toBeTruthy()
      expect(placeholders(notices[code]!).filter((name) => !(fields as readonly string[]).includes(name)), code).toEqual([])
    }
  })
})

describe('describing an error in the user’s language', () => {
  const instances: Record<'en' | 'ko', I18n> = {} as never
  beforeAll(async () => {
    for (const language of ['en', 'ko'] as const) {
      const instance = i18next.createInstance()
      await instance.init({ resources: { en: { translation: en }, ko: { translation: ko } }, lng: language, interpolation: { escapeValue: false } })
      instances[language] = instance
    }
  })

  const refused = (error: ConstructorParameters<typeof IpcRequestError>[1]) => new IpcRequestError('connections:delete', error)

  it('fills in parameters, writing lists as each language does', () => {
    const error = refused({ code: 'connection_in_use', params: { assistants: ['Math Tutor', 'Socratic Tutor', '물리 선생님'] }, message: 'English for the log' })
    expect(describeError(instances.en, error)).toBe('This connection is used by Math Tutor, Socratic Tutor, and 물리 선생님. Move them to another connection first.')
    expect(describeError(instances.ko, error)).toBe('Math Tutor, Socratic Tutor 및 물리 선생님이(가) 이 연결을 사용하고 있습니다. 먼저 다른 연결로 옮겨 주세요.')
  })

  it('names the kind of object that was not found in the user’s words', () => {
    const error = { code: 'not_found', params: { kind: 'thread', id: 'thread_abc' }, message: 'No thread with id thread_abc.' }
    expect(describeError(instances.en, error)).toBe('This conversation no longer exists. It may have been deleted.')
    expect(describeError(instances.ko, error)).toBe('대화를 찾을 수 없습니다. 삭제되었을 수 있습니다.')
  })

  it('words a run’s last_error, and never shows main’s English in Korean', () => {
    const lastError = { code: 'missing_api_key', params: {}, message: 'No API key is set for OpenAI. Add it in Settings.' }
    expect(describeError(instances.ko, lastError)).toContain('OpenAI API 키가 설정되지 않았습니다')
    expect(describeError(instances.ko, lastError)).not.toContain('No API key')
    expect(describeError(instances.en, { code: 'offline', params: { host: '127.0.0.1:11434' }, message: '' })).toBe(
      'Cannot reach 127.0.0.1:11434. Check your network connection or the server URL.',
    )
  })

  it('falls back to main’s sentence for a code it does not know (an older run, a server’s own)', () => {
    expect(describeError(instances.en, { code: 'invalid_prompt', message: 'Your prompt was flagged.' })).toBe('Your prompt was flagged.')
    // Main's sentence is English: in Korean it is framed by a Korean one, never shown bare.
    expect(describeError(instances.ko, { code: 'invalid_prompt', message: 'Your prompt was flagged.' })).toBe('오류가 발생했습니다. 다시 시도해 주세요. (원문: Your prompt was flagged.)')
    expect(describeError(instances.en, { code: 'invalid_prompt' })).toBe('Something went wrong. Please try again.')
    // A plain Error is a bug of ours, not a sentence for the user.
    expect(describeError(instances.en, new Error('boom'))).toBe('Something went wrong. Please try again.')
    expect(describeError(instances.en, undefined)).toBe('Something went wrong. Please try again.')
  })

  it('copes with a stored error from before parameters existed', () => {
    expect(describeError(instances.en, { code: 'interrupted', message: 'TutorDesk closed while this run was going.' })).toBe(
      'TutorDesk closed while this reply was being written. What arrived is kept; retry for the rest.',
    )
  })
})

describe('waits and reasons in the user’s language', () => {
  it.each(Object.entries(languages))('%s words every reason a run waits to retry, counting down', (_language, resources) => {
    const waits = resources.runWait as Record<string, string>
    for (const code of runRetryWaitSchema.shape.code.options) {
      expect(waits[`${code}_one`], code).toContain('{{count}}')
      expect(waits[`${code}_other`], code).toContain('{{count}}')
    }
  })

  it('has Korean waits and reasons that are Korean', () => {
    for (const text of [...Object.values(ko.runWait), ...Object.values(ko.runReason), ...Object.values(ko.failedRun), ...Object.values(ko.composerBusy)]) {
      expect(text).toMatch(/[\uac00-\ud7a3]/)
    }
  })
})
