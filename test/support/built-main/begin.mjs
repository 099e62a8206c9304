// `node --import ./begin.mjs …/out/main/index.mjs`: marks the moment before main's bundle starts
// loading, after Node's own boot (which Electron does differently).
import { performance } from 'node:perf_hooks'

globalThis.__tutordeskStartupBench = { begin: performance.now() }
