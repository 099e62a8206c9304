import type { ConversationStore } from '../store/conversation-store'
import { builtInTools } from '../tools/registry'

export const defaultModel = 'gpt-4o-mini'

/**
 * The assistant of the tutorial the app is built on; created once, then the user's to edit or
 * delete. It comes with TutorDesk's own tools (the exact calculator and the function plotter):
 * a new install can compute and draw from its first question. Only new installs get it this
 * way: an existing database keeps its Math Tutor as the user left it.
 */
export const mathTutor = {
  name: 'Math Tutor',
  instructions: '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘',
  model: defaultModel,
  tools: builtInTools,
} as const

const seededKey = 'first_launch.assistant_created'

/** On the very first launch, create "Math Tutor". Returns whether it did. */
export function seedFirstLaunch(store: ConversationStore): boolean {
  return store.db.transaction(() => {
    if (store.getState(seededKey)) return false
    // A database from before this flag existed that already has assistants is not new.
    if (store.assistants.count() === 0) store.assistants.create({ ...mathTutor })
    store.setState(seededKey, new Date().toISOString())
    return true
  })
}
