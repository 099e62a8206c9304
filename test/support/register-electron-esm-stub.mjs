// Use with `node --import ./test/support/register-electron-esm-stub.mjs …`.
import { register } from 'node:module'

register('./electron-esm-hooks.mjs', import.meta.url)
