import { all, create } from 'mathjs'

/** mathjs with plain floating-point numbers, shared by the tools (each instance costs milliseconds to build). */
export const numericMath = create(all!, { number: 'number' })
