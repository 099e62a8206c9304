import { resolveLanguage, type UiLanguage } from '../../shared/language'
import { storageProblem } from '../app/storage-health'
import { DatabaseInUseError } from '../store/database-lock'

/**
 * What the start-up error box says when TutorDesk cannot open. No window (and so no renderer to
 * word it) exists yet, so main words it itself, in the system's language. Each cause has its
 * own fix: close the other copy, free disk space, or make the folder writable.
 */
export type StartupFailure = 'in_use' | 'disk_full' | 'read_only' | 'data_folder'

export function startupFailureOf(error: unknown, userDataDir: string): StartupFailure {
  if (error instanceof DatabaseInUseError) return 'in_use'
  // A folder that cannot be written fails in many ways (SQLite cannot open, mkdir fails): ask the folder.
  return storageProblem(userDataDir) ?? 'data_folder'
}

const texts = {
  en: {
    title: 'TutorDesk could not start',
    in_use: 'Another TutorDesk is using your conversations. Close it and try again.',
    disk_full: 'The disk that holds {folder} is full. Free some space on it, then start TutorDesk again. Nothing was deleted.',
    read_only: 'TutorDesk cannot write to {folder} (it is read-only or belongs to someone else). Make it writable, then start TutorDesk again. Nothing was deleted.',
    data_folder: 'TutorDesk could not open its data folder, {folder}. Nothing was deleted; please restart the app.',
  },
  ko: {
    title: 'TutorDesk를 시작하지 못했습니다',
    in_use: '다른 TutorDesk가 대화 기록을 사용하고 있습니다. 그 창을 닫고 다시 시도해 주세요.',
    disk_full: '{folder}이(가) 있는 디스크가 가득 찼습니다. 공간을 비운 뒤 TutorDesk를 다시 시작해 주세요. 지운 것은 없습니다.',
    read_only: '{folder}에 쓸 수 없습니다(읽기 전용이거나 다른 사용자의 폴더). 쓸 수 있게 바꾼 뒤 TutorDesk를 다시 시작해 주세요. 지운 것은 없습니다.',
    data_folder: 'TutorDesk가 데이터 폴더({folder})를 열지 못했습니다. 지운 것은 없습니다. 앱을 다시 시작해 주세요.',
  },
} satisfies Record<UiLanguage, Record<'title' | StartupFailure, string>>

/** The error box's title and message in the first system language we speak, else English. */
export function startupFailureText(failure: StartupFailure, folder: string, systemLocales: readonly string[]): { title: string; message: string } {
  const words = texts[resolveLanguage('system', systemLocales)]
  return { title: words.title, message: words[failure].replace('{folder}', folder) }
}
