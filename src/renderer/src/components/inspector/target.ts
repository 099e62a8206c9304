/**
 * What the inspector is asked to open, kept apart from how it reads it: the buttons that open it
 * are on every screen, the reading comes with the inspector when it first opens.
 */

/** An object the inspector opens, named by what it takes to read it again. */
export type InspectTarget =
  | { object: 'assistant'; id: string }
  | { object: 'thread'; id: string }
  | { object: 'thread.message'; id: string; thread_id: string }
  | { object: 'thread.run'; id: string }
  | { object: 'thread.run.step'; id: string; run_id: string }

/** Only what names the object, whatever else the caller handed over (a whole message, a run…). */
export function targetOf(object: InspectTarget): InspectTarget {
  switch (object.object) {
    case 'thread.message':
      return { object: object.object, id: object.id, thread_id: object.thread_id }
    case 'thread.run.step':
      return { object: object.object, id: object.id, run_id: object.run_id }
    default:
      return { object: object.object, id: object.id }
  }
}
