import { describe, expect, it } from 'vitest'
import { mathTutor, socraticTutor } from '../../../src/shared/assistant-presets'
import { assistantCreateSchema } from '../../../src/shared/domain-schemas'
import { draftOf, draftOfPreset, emptyDraft, fieldsOf, validateDraft } from '../../../src/renderer/src/components/assistants/draft'
import { checkBaseURL } from '../../../src/renderer/src/components/connections/wording'
import { en } from '../../../src/renderer/src/i18n/en'
import { ko } from '../../../src/renderer/src/i18n/ko'

const valid = { ...emptyDraft(), name: 'Tutor', model: 'gpt-4o-mini' }

describe('the assistant editor’s form', () => {
  it('checks each limit before main has to, with a message for each', () => {
    expect(validateDraft(valid)).toEqual({})
    expect(validateDraft({ ...valid, name: '  ', model: '' })).toEqual({ name: 'nameRequired', model: 'modelRequired' })
    expect(validateDraft({ ...valid, temperature: '2.01', topP: '-0.1' })).toEqual({ temperature: 'temperatureRange', topP: 'topPRange' })
    expect(validateDraft({ ...valid, temperature: 'warm', topP: '1,0' })).toEqual({ temperature: 'temperatureRange' })
    expect(validateDraft({ ...valid, temperature: '0', topP: '1' })).toEqual({})
    expect(validateDraft({ ...valid, name: 'x'.repeat(257), description: 'x'.repeat(513), model: 'm'.repeat(257) })).toEqual({
      name: 'nameTooLong',
      description: 'descriptionTooLong',
      model: 'modelTooLong',
    })
    for (const resources of [en, ko]) {
      for (const key of ['nameRequired', 'nameTooLong', 'descriptionTooLong', 'instructionsTooLong', 'modelRequired', 'modelTooLong', 'temperatureRange', 'topPRange']) {
        expect((resources.assistants.errors as Record<string, string>)[key]).toBeTruthy()
      }
    }
  })

  it('makes fields main accepts, and keeps server-side tools only where the API runs them', () => {
    const draft = { ...draftOfPreset(socraticTutor), temperature: '0.4', topP: '0,9', format: 'json_object' as const, tools: { calculator: true, code_interpreter: true, file_search: true } }
    const onAssistants = fieldsOf(draft, 'assistants')
    expect(assistantCreateSchema.safeParse(onAssistants).success).toBe(true)
    expect(onAssistants).toMatchObject({ name: 'Socratic Tutor', instructions: socraticTutor.instructions, temperature: 0.4, top_p: 0.9, response_format: { type: 'json_object' } })
    expect(onAssistants.tools!.map((tool) => (tool.type === 'function' ? tool.function.name : tool.type))).toEqual(['calculator', 'code_interpreter', 'file_search'])
    expect(fieldsOf(draft, 'responses').tools!.map((tool) => tool.type)).toEqual(['function', 'code_interpreter'])
    expect(fieldsOf(draft, 'chat').tools!.map((tool) => tool.type)).toEqual(['function'])
    // Empty numbers are the server's default; text is no format at all.
    expect(fieldsOf({ ...valid, format: 'text' }, 'chat')).toMatchObject({ temperature: null, top_p: null, response_format: null, description: null, instructions: null })
  })

  it('round-trips an assistant, keeping tools and formats it does not offer', () => {
    const custom = { type: 'function' as const, function: { name: 'lookup_word', parameters: { type: 'object' } } }
    const schema = { type: 'json_schema' as const, json_schema: { name: 'answer', schema: { type: 'object' } } }
    const assistant = { ...mathTutor, tools: [...mathTutor.tools, custom], description: 'd', connection_id: 'local', temperature: 0.2, top_p: null, response_format: schema }
    const draft = draftOf(assistant)
    expect(draft).toMatchObject({ connectionId: 'local', temperature: '0.2', topP: '', format: 'keep', tools: { calculator: true, plot_function: true } })
    expect(fieldsOf(draft, 'responses')).toEqual({
      name: mathTutor.name,
      description: 'd',
      instructions: mathTutor.instructions,
      connection_id: 'local',
      model: mathTutor.model,
      tools: [...mathTutor.tools, custom],
      temperature: 0.2,
      top_p: null,
      response_format: schema,
    })
  })

  it('takes a server URL only when it is http(s), or empty for the default', () => {
    expect(checkBaseURL('')).toBeNull()
    expect(checkBaseURL(' http://127.0.0.1:11434/v1 ')).toBeNull()
    expect(checkBaseURL('https://api.example.com/v1')).toBeNull()
    expect(checkBaseURL('localhost 11434')).toBe('connections.urlInvalid')
    expect(checkBaseURL('ftp://example.com')).toBe('connections.urlInvalid')
    expect(checkBaseURL(`http://x/${'a'.repeat(2048)}`)).toBe('connections.urlTooLong')
  })
})
