/**
 * TutorDesk's main-process services in a process of their own, for the durability tests: they
 * are driven through the contract's router, as the window drives them, and report what was
 * acknowledged as JSON lines, so a test can SIGKILL the process at any moment.
 *
 *   node --import tsx test/support/services-child.ts <userDataDir> write
 *     appends messages through `messages:create`; prints {"ack": id} once each call answered.
 *   node --import tsx test/support/services-child.ts <userDataDir> stream <baseURL> <backend>
 *     asks one question and prints {"delta": end} for each piece of the reply main announced,
 *     where `end` is the length of the reply so far, and {"saved": length} each time the reply's
 *     text is saved (streamed text is saved in batches, see run-session.ts).
 */
import { messageText } from '../../src/shared/domain'
import { openTestServices } from './services'

async function main() {
  const [dir, mode, baseURL, backend] = process.argv.slice(2)
  const services = await openTestServices({
    dir: dir!,
    singleInstanceLockHeld: true,
    env: { OPENAI_API_KEY: 'sk-durability-0123456789abcdef', ...(baseURL ? { OPENAI_BASE_URL: baseURL } : {}) },
    clientOptions: { maxRetries: 0 },
  })
  const report = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`)
  const call = async (channel: string, payload: unknown) => {
    const result = await services.router.dispatch(channel, payload)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value as { id: string }
  }
  const assistant = services.conversations.assistants.list().data[0]!
  const thread = await call('threads:create', { assistant_id: assistant.id })

  if (mode === 'write') {
    report({ ready: thread.id })
    for (let n = 0; ; n++) {
      const message = await call('messages:create', { thread_id: thread.id, role: 'user', content: `message ${n} 방정식 풀이 ${'가나다'.repeat(n % 50)}` })
      report({ ack: message.id })
    }
  }

  services.connections.update('openai', { backend: backend as 'responses' })
  // Reports each save of the reply once it has returned (committed, fsync'd).
  const messages = services.conversations.messages
  const save = messages.save.bind(messages)
  messages.save = (message, options) => {
    const saved = save(message, options)
    if (message.role === 'assistant') report({ saved: messageText(message.content).length })
    return saved
  }
  services.events.subscribe((name, payload) => {
    if (name === 'run:delta') {
      const delta = payload as { offset: number; delta: string; message_id: string }
      report({ delta: delta.offset + delta.delta.length, message: delta.message_id })
    }
  })
  await call('messages:create', { thread_id: thread.id, role: 'user', content: '천천히 길게 설명해 줘' })
  const run = await call('runs:create', { thread_id: thread.id })
  report({ run: run.id, thread: thread.id })
}

void main()
