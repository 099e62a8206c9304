/**
 * A TutorDesk main process stand-in for restart tests: opens the real services on a user-data
 * folder, starts the tutorial run against a server, and reports its progress as JSON lines,
 * so the test can kill it (SIGKILL) mid-run.
 *
 *   node --import tsx test/support/engine-child.ts <userDataDir> <baseURL> <backend> <assistantsMode>
 */
import { messageText } from '../../src/shared/domain'
import { openTestServices } from './services'

async function main() {
  const [dir, baseURL, backend, assistantsMode] = process.argv.slice(2)
  const services = await openTestServices({
    dir: dir!,
    env: { OPENAI_API_KEY: 'sk-test-engine-0123456789abcdef', OPENAI_BASE_URL: baseURL! },
    clientOptions: { maxRetries: 0 },
  })
  services.connections.update('openai', { backend: backend as 'responses', assistantsMode: assistantsMode as 'poll' })
  const report = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)
  // Streamed text is saved in batches (run-session.ts): a save of reply text is reported once committed.
  const messages = services.conversations.messages
  const save = messages.save.bind(messages)
  messages.save = (message, options) => {
    save(message, options)
    if (message.role === 'assistant' && messageText(message.content)) report({ event: 'saved' })
  }
  services.events.subscribe((name, payload) => {
    if (name === 'run:status') report({ event: 'status', status: (payload as { run: { status: string } }).run.status, run: payload })
    if (name === 'run:delta') report({ event: 'delta' })
  })
  const tutor = services.conversations.assistants.create({ name: 'Math Tutor', model: 'gpt-4o-mini', instructions: '짧게' })
  const thread = services.conversations.threads.create({ assistant_id: tutor.id })
  services.conversations.messages.append({ thread_id: thread.id, role: 'user', content: '풀이를 천천히 보여줘' })
  const run = services.engine.create({ thread_id: thread.id })
  report({ event: 'started', runId: run.id, threadId: thread.id })
}

void main()
