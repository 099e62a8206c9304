/**
 * Runs the fake OpenAI server by hand, e.g. to try the app without a key:
 *   npm run fake-openai            (random port)
 *   npm run fake-openai -- 8787    (fixed port)
 * then start TutorDesk with OPENAI_BASE_URL=<printed URL> OPENAI_API_KEY=sk-demo.
 * It answers as the tutorial's math tutor (tutorResponder) on every API.
 */
import { tutorResponder } from './responder'
import { startFakeOpenAI } from './server'

const port = Number(process.argv[2] ?? 0)
const server = await startFakeOpenAI({
  port: Number.isInteger(port) ? port : 0,
  responder: tutorResponder,
  // Slow enough that a person sees replies stream in; background runs visibly queue and progress.
  streamEventDelayMs: 40,
  runStepDelayMs: 300,
})
console.log(`Fake OpenAI server listening. Use:\n  OPENAI_BASE_URL=${server.baseURL}\n  OPENAI_API_KEY=sk-demo`)
const stop = () => void server.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
