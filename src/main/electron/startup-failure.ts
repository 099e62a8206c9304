import { resolveLanguage, type UiLanguage } from '../../shared/language'
import { DatabaseInUseError } from '../store/database-lock'

/**
 * What the start-up error box says when TutorDesk cannot open. No window (and so no renderer to
 * word it) exists yet, so main words it itself, in the system's language.
 */
export type StartupFailure = 'in_use' | 'data_folder'

export function startupFailureOf(error: unknown): StartupFailure {
  return error instanceof DatabaseInUseError ? 'in_use' : 'data_folder'
}

const texts = {
  en: {
    title: 'TutorDesk could not start',
    in_use: 'Another TutorDesk is using your conversations. Close it and try again.',
    data_folder: 'TutorDesk could not open its data folder. Nothing was deleted; please restart the app.',
  },
  ko: {
    title: 'TutorDesk를 시작하지 못했습니다',
    in_use: '다른 TutorDesk가 대화 기록을 사용하고 있습니다. 그 창을 닫고 다시 시도해 주세요.',
    data_folder: 'TutorDesk가 데이터 폴더를 열지 못했습니다. 지운 것은 없습니다. 앱을 다시 시작해 주세요.',
  },
} satisfies Record<UiLanguage, Record<'title' | StartupFailure, string>>

/** The error box's title and message in the first system language we speak, else English. */
export function startupFailureText(failure: StartupFailure, systemLocales: readonly string[]): { title: string; message: string } {
  const words = texts[resolveLanguage('system', systemLocales)]
  return { title: words.title, message: words[failure] }
}
