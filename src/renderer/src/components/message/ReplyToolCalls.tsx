/** The tool calls of the run that wrote a reply, under it. (To come: calls, arguments, outputs, plots.) */
export function ReplyToolCalls(_props: { runId: string }) {
  return null
}
