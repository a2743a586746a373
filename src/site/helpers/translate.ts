import type { HelperInstaller } from './types.js'

/** `{{t "Read more"}}`: the theme's words, ready for translations (English for now). */
export const translate: HelperInstaller = (hbs) => {
  hbs.registerHelper('t', (text: unknown) => String(text ?? ''))
}
