/**
 * A TutorDesk stand-in process for the crash tests: opens the conversation store and either
 * appends messages as fast as it can, printing each id once its transaction has committed
 * ("acknowledged"), or just holds the database open.
 *
 *   node --import tsx test/support/store-child.ts <db file> write|hold
 */
import { ConversationStore } from '../../src/main/store/conversation-store'

const [file, mode] = process.argv.slice(2)
if (!file || (mode !== 'write' && mode !== 'hold')) {
  console.error('usage: store-child.ts <db file> write|hold')
  process.exit(2)
}

const store = ConversationStore.open(file, { singleInstanceLockHeld: false })
const thread = store.threads.list({ limit: 1 }).data[0] ?? store.threads.create({ title: 'crash test' })
process.stdout.write(`ready ${thread.id}\n`)

if (mode === 'hold') {
  process.stdin.on('data', () => {
    store.close()
    process.exit(0)
  })
} else {
  let n = 0
  const writeSome = () => {
    for (let i = 0; i < 20; i++) {
      const message = store.messages.append({ thread_id: thread.id, role: 'user', content: `message ${n++} 방정식 풀이` })
      // Printed only after append() returned, i.e. after COMMIT: this id was acknowledged.
      process.stdout.write(`ack ${message.id}\n`)
    }
    setImmediate(writeSome)
  }
  writeSome()
}
