// Plays the page in a built main started by test/support/built-main.ts: says it is ready, asks
// the tutorial's question (or TUTORDESK_DRIVE_QUESTION) in a new thread, runs it, and waits for
// main to announce the run's end. Returns the run's final status and the reply as main stored it.
export default async function driveARun({ invoke, signal, events }) {
  const value = async (channel, payload) => {
    const answer = await invoke(channel, payload)
    if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
    return answer.value
  }
  signal('renderer:ready')
  const [tutor] = (await value('assistants:list', {})).data
  const thread = await value('threads:create', { assistant_id: tutor.id })
  await value('messages:create', { thread_id: thread.id, role: 'user', content: process.env.TUTORDESK_DRIVE_QUESTION ?? "방정식 '3x + 11 = 14'를 풀어줘" })
  const finished = new Promise((resolve) => {
    events.on('sent', (channel, payload) => {
      if (channel === 'run:status' && ['completed', 'failed', 'cancelled', 'incomplete', 'expired'].includes(payload.run.status)) resolve(payload.run)
    })
  })
  const run = await value('runs:create', { thread_id: thread.id })
  const ended = await finished
  const messages = await value('messages:list', { thread_id: thread.id, order: 'asc', limit: 10 })
  return { runId: run.id, status: ended.status, lastError: ended.last_error, reply: messages.data.at(-1)?.content?.[0]?.text?.value }
}
