import type { ConversationStore } from '../store/conversation-store'
import { mathTutor } from '../../shared/assistant-presets'

export { defaultModel, mathTutor } from '../../shared/assistant-presets'

const seededKey = 'first_launch.assistant_created'

/**
 * On the very first launch, create "Math Tutor", the assistant of the tutorial the app is built on (shared/assistant-presets.ts, where the
 * editor's presets come from too); created once, then the user's to edit or delete. It comes
 * with TutorDesk's own tools (the exact calculator and the function plotter): a new install can
 * compute and draw from its first question. Only new installs get it this way: an existing
 * database keeps its Math Tutor as the user left it. Returns whether it did.
 */
export function seedFirstLaunch(store: ConversationStore): boolean {
  return store.db.transaction(() => {
    if (store.getState(seededKey)) return false
    // A database from before this flag existed that already has assistants is not new.
    if (store.assistants.count() === 0) store.assistants.create({ ...mathTutor, tools: [...mathTutor.tools] })
    store.setState(seededKey, new Date().toISOString())
    return true
  })
}
