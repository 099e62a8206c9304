/**
 * The fake OpenAI server in a process of its own, for benchmarks: its work must not count as
 * main's. Streams a long reply at one event every <delayMs> and prints {"baseURL": …} once ready.
 *
 *   node --import tsx scripts/bench/fake-server.mts <delayMs> <replyCharacters>
 */
import { startFakeOpenAI } from '../../test/fake-openai/server'

const delayMs = Number(process.argv[2] ?? 10)
const characters = Number(process.argv[3] ?? 1_800)
const sentence = '양변에서 11을 빼면 3x = 3이 되고, 3으로 나누면 x = 1이에요. Each step keeps both sides equal. '
const reply = sentence.repeat(Math.ceil(characters / sentence.length)).slice(0, characters)

const server = await startFakeOpenAI({ streamEventDelayMs: delayMs, responder: () => ({ text: reply }) })
process.stdout.write(`${JSON.stringify({ baseURL: server.baseURL })}\n`)
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
