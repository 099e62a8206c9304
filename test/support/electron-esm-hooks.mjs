// Node module-resolution hooks for plain-Node child processes in tests: `electron` resolves to
// an empty stand-in instead of the npm package, which would try to download the binary.
const standIn = 'data:text/javascript,const electron = {}; export default electron;'

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true }
  return nextResolve(specifier, context)
}
