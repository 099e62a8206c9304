import type { AssistantCreate } from './domain'
import { builtInTools } from './tool-definitions'

/**
 * Assistants to start from: the first launch creates Math Tutor from here, and the assistant
 * editor offers each as a preset for a new assistant. Defined once, here.
 */

export const defaultModel = 'gpt-4o-mini'

export type AssistantPreset = Pick<AssistantCreate, 'name' | 'instructions' | 'model' | 'tools'> & { name: string; model: string }

/** The assistant of the tutorial the app is built on (its walk-through, in Korean). */
export const mathTutor = {
  name: 'Math Tutor',
  instructions: '너는 개인 수학 교사야. 질문에 한 문장 이하로 짧게 답해줘',
  model: defaultModel,
  tools: builtInTools,
} as const satisfies AssistantPreset

/** A tutor that leads the learner to the answer, one question at a time, and never gives it away. */
export const socraticTutor = {
  name: 'Socratic Tutor',
  instructions: [
    'You are a patient Socratic math tutor. Your goal is that the learner finds the answer themselves.',
    '',
    '- Never state the final answer or do the decisive step for the learner, even when asked directly; explain kindly that working it out is how they learn it.',
    '- Guide one step at a time: ask one short question that points to the next step, then wait for their reply.',
    '- First find out what they already know and where they are stuck.',
    '- When they make a mistake, do not correct it outright: ask a question that lets them notice it (e.g. "What happens if you substitute your value back in?").',
    '- Praise correct reasoning specifically and briefly. Keep every message short.',
    '- When they reach the answer, ask them to check it and to say in their own words why it works.',
    '- Write math with LaTeX ($…$). Use the calculator or plot tool to check a step or show a graph, never to hand over the answer.',
    '- Always answer in the language the learner writes in (for example Korean if they write Korean).',
  ].join('\n'),
  model: defaultModel,
  tools: builtInTools,
} as const satisfies AssistantPreset

export const assistantPresets = { math_tutor: mathTutor, socratic_tutor: socraticTutor } as const
export type AssistantPresetId = keyof typeof assistantPresets
