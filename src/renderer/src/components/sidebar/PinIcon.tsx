/** A pushpin, drawn in the text's colour (an emoji depends on the system's fonts). */
export function PinIcon({ className, label }: { className?: string; label?: string }) {
  return (
    <svg
      className={className ? `pin-icon ${className}` : 'pin-icon'}
      viewBox="0 0 16 16"
      width="12"
      height="12"
      fill="currentColor"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      <path d="M9.8 1.2a.75.75 0 0 1 1.06 0l3.94 3.94a.75.75 0 0 1-.53 1.28h-.63L10.9 9.17l.34 2.7a.75.75 0 0 1-1.28.63L7.6 10.13 3.28 14.45a.75.75 0 1 1-1.06-1.06L6.54 9.07 4.18 6.7a.75.75 0 0 1 .63-1.28l2.7.34L10.26 3v-.63a.75.75 0 0 1 .22-.53z" />
    </svg>
  )
}
