/**
 * Runs the fake OpenAI server by hand, e.g. to try the app without a key:
 *   npm run fake-openai            (random port)
 *   npm run fake-openai -- 8787    (fixed port)
 * then start TutorDesk with OPENAI_BASE_URL=<printed URL> OPENAI_API_KEY=sk-demo.
 */
import { startFakeOpenAI } from './server'

const port = Number(process.argv[2] ?? 0)
const server = await startFakeOpenAI({ port: Number.isInteger(port) ? port : 0 })
console.log(`Fake OpenAI server listening. Use:\n  OPENAI_BASE_URL=${server.baseURL}\n  OPENAI_API_KEY=sk-demo`)
const stop = () => void server.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
