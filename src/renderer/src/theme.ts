import type { UserSettings } from '../../shared/settings'

/** Light or dark follows the system unless the user chose one (styles.css reads data-theme). */
export function applyTheme(theme: UserSettings['theme']) {
  if (theme === 'system') delete document.documentElement.dataset['theme']
  else document.documentElement.dataset['theme'] = theme
}
