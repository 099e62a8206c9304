/** Opens an object (assistant, thread, message, run, step) as JSON. (To come: the inspector.) */
export function InspectButton(_props: { object: { id: string; object: string } }) {
  return null
}
