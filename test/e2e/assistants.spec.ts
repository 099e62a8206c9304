import type { Page } from '@playwright/test'
import { mathTutor, socraticTutor } from '../../src/shared/assistant-presets'
import type { RecordedRequest } from '../fake-openai/server'
import { captureScreens } from './support/screens'
import { expect, test, type AppUnderTest } from './support/fixtures'

/** The assistant editor (issue 9, point 1): create from presets, edit every field, duplicate, delete, a thread's own model. */

type Body = Record<string, unknown>

/**
 * The body of the last request that ran a reply: an Assistants run, or a streamed Response or
 * Chat Completion (a thread's title is asked for without streaming, with instructions of its own).
 */
function lastRunRequest(app: AppUnderTest): Body {
  const isRun = (r: RecordedRequest) =>
    r.method === 'POST' && (/\/runs$/.test(r.path) || (/\/(responses|chat\/completions)$/.test(r.path) && (r.body as Body)['stream'] === true))
  const request = app.openai.requests.filter(isRun).at(-1)
  expect(request, 'a request that ran a reply').toBeDefined()
  return request!.body as Body
}

async function ask(page: Page, assistantName: string, text: string, replies = 1) {
  await page.getByRole('textbox', { name: new RegExp(`Message ${assistantName}`) }).fill(text)
  await page.keyboard.press('Enter')
  await expect(page.locator('.message.assistant[data-status="completed"]')).toHaveCount(replies)
}

function toolNames(tools: unknown): string[] {
  return (tools as { type: string; name?: string; function?: { name: string } }[]).map((tool) => tool.name ?? tool.function?.name ?? tool.type)
}

const editor = (page: Page) => page.getByRole('dialog', { name: /^(New assistant|Edit assistant)/ })

test.describe('Assistant editor', () => {
  test('creates an assistant from each preset: Math Tutor as the app seeds it, and the Socratic tutor, whose instructions reach the server', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'New assistant' }).click()
    const dialog = page.getByRole('dialog', { name: 'New assistant' })
    await expect(dialog.getByRole('radio', { name: /^Blank/ })).toBeChecked()
    await dialog.getByRole('radio', { name: /^Math Tutor/ }).check()
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue(mathTutor.name)
    await expect(dialog.getByRole('textbox', { name: 'Instructions' })).toHaveValue(mathTutor.instructions)
    await expect(dialog.getByRole('checkbox', { name: 'Calculator (exact math)' })).toBeChecked()
    await expect(dialog.getByRole('checkbox', { name: 'Graph plotter' })).toBeChecked()
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Math Tutor 2')
    await dialog.getByRole('button', { name: 'Create assistant' }).click()
    await expect(dialog).toBeHidden()
    // The new one is chosen in the picker.
    await expect(page.getByRole('combobox', { name: 'Assistant' }).locator('option:checked')).toHaveText('Math Tutor 2')
    const seeded = app.services.conversations.assistants.list().data.find((a) => a.name === 'Math Tutor')!
    const created = app.services.conversations.assistants.list().data.find((a) => a.name === 'Math Tutor 2')!
    expect({ ...created, id: '', created_at: 0, name: '' }).toEqual({ ...seeded, id: '', created_at: 0, name: '' })

    await page.getByRole('button', { name: 'New assistant' }).click()
    await dialog.getByRole('radio', { name: /^Socratic Tutor/ }).check()
    await expect(dialog.getByRole('textbox', { name: 'Instructions' })).toHaveValue(socraticTutor.instructions)
    // Back to blank empties the form again.
    await dialog.getByRole('radio', { name: /^Blank/ }).check()
    await expect(dialog.getByRole('textbox', { name: 'Instructions' })).toHaveValue('')
    await dialog.getByRole('radio', { name: /^Socratic Tutor/ }).check()
    await dialog.getByRole('button', { name: 'Create assistant' }).click()
    await expect(page.getByRole('combobox', { name: 'Assistant' }).locator('option:checked')).toHaveText('Socratic Tutor')

    await page.getByRole('button', { name: 'New thread' }).click()
    await ask(page, 'Socratic Tutor', "방정식 '3x + 11 = 14'를 풀어줘")
    expect(lastRunRequest(app)).toMatchObject({ instructions: socraticTutor.instructions, model: socraticTutor.model })
    expect(toolNames(lastRunRequest(app)['tools'])).toEqual(['calculator', 'plot_function'])
    expect(app.pageErrors).toEqual([])
  })

  test('edits every field, and the next run sends them: Responses, then the Assistants API with its server-side tools', async ({ app }) => {
    const { page } = app
    // A second connection, on the Assistants API (Settings makes them; see connections.spec.ts).
    const legacy = app.services.connections.create({ name: 'Legacy', backend: 'assistants', baseURL: app.openai.baseURL })
    await app.services.apiKeys.set('sk-legacy-0123456789abcdef', legacy.id)
    await page.reload()
    await page.getByRole('button', { name: 'Edit assistant' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit assistant: Math Tutor' })
    await expect(dialog.getByRole('textbox', { name: 'Instructions' })).toHaveValue(mathTutor.instructions)
    // The model list comes from the connection (the fake server's five models).
    await expect(dialog.getByText('5 models on')).toBeVisible()
    await expect(dialog.locator('datalist option')).toHaveCount(5)

    await dialog.getByRole('textbox', { name: 'Name' }).fill('Algebra Coach')
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Linear equations, step by step')
    await dialog.getByRole('textbox', { name: 'Instructions' }).fill('Answer in JSON with the key "answer".')
    await dialog.getByRole('combobox', { name: 'Model' }).fill('gpt-4.1-mini')
    await dialog.getByRole('checkbox', { name: 'Graph plotter' }).uncheck()
    // Responses runs code in a container, but offers no file search: it says why.
    await expect(dialog.getByRole('checkbox', { name: 'File search' })).toBeDisabled()
    await expect(dialog.getByText(/File search is not offered on the Responses API/)).toBeVisible()
    await dialog.getByRole('checkbox', { name: 'Code interpreter' }).check()

    // Validation: out of range, in words, and nothing is saved.
    await dialog.getByRole('textbox', { name: 'Temperature' }).fill('3')
    await dialog.getByRole('textbox', { name: 'Top P' }).fill('1.5')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog.getByText('Temperature must be a number from 0 to 2 (or empty for the default).')).toBeVisible()
    await expect(dialog.getByText('Top P must be a number from 0 to 1 (or empty for the default).')).toBeVisible()
    await expect(dialog.getByRole('textbox', { name: 'Temperature' })).toBeFocused()
    await expect(dialog.getByRole('textbox', { name: 'Temperature' })).toHaveAttribute('aria-invalid', 'true')
    expect(app.services.conversations.assistants.list().data[0]!.name).toBe('Math Tutor')

    await dialog.getByRole('textbox', { name: 'Temperature' }).fill('0.3')
    await dialog.getByRole('textbox', { name: 'Top P' }).fill('0.8')
    await dialog.getByRole('combobox', { name: 'Response format' }).selectOption('json_object')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByRole('combobox', { name: 'Assistant' }).locator('option:checked')).toHaveText('Algebra Coach')
    expect(app.services.conversations.assistants.list().data[0]).toMatchObject({ name: 'Algebra Coach', description: 'Linear equations, step by step' })

    await page.getByRole('button', { name: 'New thread' }).click()
    await ask(page, 'Algebra Coach', "방정식 '3x + 11 = 14'를 풀어줘")
    const sent = lastRunRequest(app)
    expect(sent).toMatchObject({
      model: 'gpt-4.1-mini',
      instructions: 'Answer in JSON with the key "answer".',
      temperature: 0.3,
      top_p: 0.8,
      text: { format: { type: 'json_object' } },
    })
    expect(toolNames(sent['tools'])).toEqual(['calculator', 'code_interpreter'])

    // The other connection, on the Assistants API: both server-side tools are offered there.
    await page.getByRole('button', { name: 'Edit assistant' }).click()
    const again = page.getByRole('dialog', { name: 'Edit assistant: Algebra Coach' })
    await expect(again.getByRole('textbox', { name: 'Temperature' })).toHaveValue('0.3')
    await expect(again.getByRole('combobox', { name: 'Response format' })).toHaveValue('json_object')
    await again.getByRole('combobox', { name: 'Connection' }).selectOption({ label: 'Legacy (Assistants API)' })
    await again.getByRole('checkbox', { name: 'File search' }).check()
    await again.getByRole('textbox', { name: 'Temperature' }).fill('')
    await again.getByRole('combobox', { name: 'Response format' }).selectOption('text')
    await again.getByRole('button', { name: 'Save' }).click()
    await expect(again).toBeHidden()
    await ask(page, 'Algebra Coach', '설명해 주시겠어요?', 2)
    const run = lastRunRequest(app)
    expect(toolNames(run['tools'])).toEqual(['calculator', 'code_interpreter', 'file_search'])
    expect(run).toMatchObject({ model: 'gpt-4.1-mini', top_p: 0.8, instructions: 'Answer in JSON with the key "answer".' })
    // Empty is the server's default: no temperature, and text needs no format.
    expect(run['temperature'] ?? null).toBeNull()
    expect(run).not.toHaveProperty('response_format')
    expect(app.pageErrors).toEqual([])
  })

  test('says in Korean what is wrong, and why server-side tools are not offered on Chat Completions', async ({ app }) => {
    const { page } = app
    await app.services.router.dispatch('settings:update', { language: 'ko' })
    app.services.connections.update('openai', { backend: 'chat' })
    await page.reload()
    await page.getByRole('button', { name: '어시스턴트 편집' }).click()
    const dialog = page.getByRole('dialog', { name: '어시스턴트 편집: Math Tutor' })
    await expect(dialog.getByRole('checkbox', { name: '코드 인터프리터' })).toBeDisabled()
    await expect(dialog.getByRole('checkbox', { name: '파일 검색' })).toBeDisabled()
    await expect(dialog.getByText(/Chat Completions 서버는 이를 제공하지 않습니다/)).toBeVisible()
    await dialog.getByRole('textbox', { name: '이름' }).fill('')
    await dialog.getByRole('textbox', { name: '온도 (temperature)' }).fill('-1')
    await dialog.getByRole('button', { name: '저장' }).click()
    await expect(dialog.getByText('어시스턴트 이름을 입력하세요.')).toBeVisible()
    await expect(dialog.getByText('온도는 0부터 2 사이의 숫자여야 합니다 (비워 두면 기본값).')).toBeVisible()
    await expect(dialog.getByRole('textbox', { name: '이름' })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    expect(app.services.conversations.assistants.list().data[0]!.name).toBe('Math Tutor')
  })

  test('is operable by keyboard: opens from the sidebar at its first field, closes with Esc, focus goes back', async ({ app }) => {
    const { page } = app
    const edit = page.getByRole('button', { name: 'Edit assistant' })
    // It is disabled (so it cannot take focus) until the assistants are read; press() does not wait for that.
    await expect(edit).toBeEnabled()
    // Focus and Enter on the button itself: the page may still move focus while it starts up.
    await edit.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Edit assistant: Math Tutor' })
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(dialog.getByRole('textbox', { name: 'Description' })).toBeFocused()
    await page.keyboard.type('Keyboard only')
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(edit).toBeFocused()
    // Esc is Cancel: nothing was saved.
    expect(app.services.conversations.assistants.list().data[0]!.description).toBeNull()

    const create = page.getByRole('button', { name: 'New assistant' })
    await create.focus()
    await page.keyboard.press('Enter')
    const fresh = page.getByRole('dialog', { name: 'New assistant' })
    await expect(fresh.getByRole('radio', { name: /^Blank/ })).toBeFocused()
    // Arrow keys move between presets, as in any radio group, and fill the form.
    await page.keyboard.press('ArrowRight')
    await expect(fresh.getByRole('radio', { name: /^Math Tutor/ })).toBeChecked()
    await expect(fresh.getByRole('textbox', { name: 'Name' })).toHaveValue('Math Tutor')
    await fresh.getByRole('textbox', { name: 'Name' }).fill('Keyboard Tutor')
    await page.keyboard.press('Enter')
    await expect(fresh).toBeHidden()
    await expect(page.getByRole('combobox', { name: 'Assistant' }).locator('option:checked')).toHaveText('Keyboard Tutor')
  })

  test('duplicates an assistant and edits the copy', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'Edit assistant' }).click()
    await editor(page).getByRole('button', { name: 'Duplicate' }).click()
    const copy = page.getByRole('dialog', { name: 'Edit assistant: Math Tutor (copy)' })
    await expect(copy.getByRole('textbox', { name: 'Name' })).toBeFocused()
    await expect(copy.getByRole('status').filter({ hasText: 'Copy made' })).toHaveText('Copy made: you are now editing “Math Tutor (copy)”.')
    await expect(page.getByRole('combobox', { name: 'Assistant' }).locator('option:checked')).toHaveText('Math Tutor (copy)')
    await copy.getByRole('textbox', { name: 'Name' }).fill('Math Tutor B')
    await copy.getByRole('button', { name: 'Save' }).click()
    await expect(copy).toBeHidden()
    const all = app.services.conversations.assistants.list().data
    expect(all.map((a) => a.name).sort()).toEqual(['Math Tutor', 'Math Tutor B'])
    const [original, duplicate] = [all.find((a) => a.name === 'Math Tutor')!, all.find((a) => a.name === 'Math Tutor B')!]
    expect(duplicate.id).not.toBe(original.id)
    expect({ ...duplicate, id: '', created_at: 0, name: '' }).toEqual({ ...original, id: '', created_at: 0, name: '' })
  })

  test('deletes only after confirmation, and keeps the assistant’s conversations with every message', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    await ask(page, 'Math Tutor', "방정식 '3x + 11 = 14'를 풀어줘")
    const threadId = app.services.conversations.threads.list({ limit: 1 }).data[0]!.id

    // The only assistant: its conversation would have nowhere to go, so nothing is deleted.
    await page.getByRole('button', { name: 'Edit assistant' }).click()
    await editor(page).getByRole('button', { name: 'Delete…' }).click()
    let confirm = page.getByRole('alertdialog', { name: 'Delete “Math Tutor”?' })
    await expect(confirm).toContainText('Its 1 conversation needs an assistant to move to, and this is the only one.')
    await expect(confirm.getByRole('button', { name: 'Delete assistant' })).toBeDisabled()
    await confirm.getByRole('button', { name: 'Keep it' }).click()
    await expect(confirm).toBeHidden()
    await editor(page).getByRole('button', { name: 'Close' }).click()

    app.services.conversations.assistants.create({ ...socraticTutor, tools: [...socraticTutor.tools] })
    await page.reload()
    await page.getByRole('combobox', { name: 'Assistant' }).selectOption({ label: 'Math Tutor' })
    await page.getByRole('button', { name: 'Edit assistant' }).click()
    await editor(page).getByRole('button', { name: 'Delete…' }).click()
    confirm = page.getByRole('alertdialog', { name: 'Delete “Math Tutor”?' })
    await expect(confirm).toContainText('Its 1 conversation is kept, with every message, and moves to the assistant you choose below.')
    await expect(confirm.getByRole('combobox', { name: 'Move its conversations to' })).toHaveValue(/^asst_/)
    // Keep it: nothing happens.
    await page.keyboard.press('Escape')
    await expect(confirm).toBeHidden()
    expect(app.services.conversations.assistants.count()).toBe(2)

    await editor(page).getByRole('button', { name: 'Delete…' }).click()
    await confirm.getByRole('button', { name: 'Delete assistant' }).click()
    await expect(page.getByRole('dialog')).toHaveCount(0)
    await expect(page.getByRole('option', { name: 'Math Tutor' })).toHaveCount(0)
    await expect(page.getByRole('combobox', { name: 'Assistant' }).locator('option:checked')).toHaveText('Socratic Tutor')
    const thread = app.services.conversations.threads.get(threadId)
    expect(thread.assistant_id).toBe(app.services.conversations.assistants.list().data[0]!.id)
    expect(app.services.conversations.messages.count(threadId)).toBe(2)
    await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('listitem')).toHaveCount(1)
  })

  test('a conversation runs on its own model, chosen in its header; the server receives it', async ({ app }) => {
    const { page } = app
    await page.getByRole('button', { name: 'New thread' }).click()
    const model = page.getByRole('combobox', { name: 'Model for this conversation' })
    await expect(model).toHaveValue('')
    await expect(model.locator('option:checked')).toHaveText('gpt-4o-mini (assistant’s)')
    // The server is asked for its models only when the choice is about to be used.
    expect(app.openai.requests.filter((r) => r.path === '/v1/models')).toHaveLength(0)
    await expect(model.locator('option')).toHaveCount(1)
    await model.focus()
    await expect(model.locator('option')).toHaveCount(5)
    await model.selectOption('gpt-5-mini')
    await expect.poll(() => app.services.conversations.threads.list({ limit: 1 }).data[0]!.metadata['model']).toBe('gpt-5-mini')
    await ask(page, 'Math Tutor', "방정식 '3x + 11 = 14'를 풀어줘")
    expect(lastRunRequest(app)['model']).toBe('gpt-5-mini')

    await page.reload()
    await page.getByRole('navigation', { name: 'Conversations' }).locator('.thread-open').first().click()
    await expect(model).toHaveValue('gpt-5-mini')
    await model.selectOption('')
    await ask(page, 'Math Tutor', '설명해 주시겠어요?', 2)
    expect(lastRunRequest(app)['model']).toBe('gpt-4o-mini')
  })

  test('screens: the editor, new and editing, in English and Korean, light and dark', async ({ app }) => {
    const tutorId = app.services.conversations.assistants.list().data[0]!.id
    await app.services.router.dispatch('threads:create', { assistant_id: tutorId, title: 'Linear equations' })
    app.services.conversations.assistants.create({ ...socraticTutor, tools: [...socraticTutor.tools] })
    const pickMathTutor = (page: Page) => page.getByRole('combobox', { name: /^(Assistant|어시스턴트)$/ }).selectOption({ label: 'Math Tutor' })
    await captureScreens(app, 'assistant-editor-new', async (page) => {
      await page.getByRole('button', { name: /^(New assistant|새 어시스턴트)$/ }).click()
      await page.getByRole('radio', { name: /Socratic Tutor/ }).check()
    })
    await captureScreens(app, 'assistant-editor-edit', async (page) => {
      await pickMathTutor(page)
      await page.getByRole('button', { name: /^(Edit assistant|어시스턴트 편집)$/ }).click()
      await expect(page.locator('datalist option')).toHaveCount(5)
    })
    await captureScreens(app, 'assistant-delete-confirm', async (page) => {
      await pickMathTutor(page)
      await page.getByRole('button', { name: /^(Edit assistant|어시스턴트 편집)$/ }).click()
      await page.getByRole('button', { name: /^(Delete…|삭제…)$/ }).click()
      await expect(page.getByRole('alertdialog')).toBeVisible()
    })
    await captureScreens(app, 'thread-model', async (page) => {
      await pickMathTutor(page)
      await page.getByRole('navigation').locator('.thread-open').first().click()
      await page.locator('.thread-model select').hover()
      await expect(page.locator('.thread-model option')).toHaveCount(5)
    })
  })
})
