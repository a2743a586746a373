import { type HelperInstaller, optionsOf } from './types.js'

/** `{{reading_time}}` inside a post: "4 min read", at 265 words a minute (Ghost's rate). */
export const readingTime: HelperInstaller = (hbs) => {
  hbs.registerHelper('reading_time', function (this: { word_count?: number }, ...args: unknown[]) {
    const { hash } = optionsOf(args)
    const minutes = Math.max(1, Math.round((this.word_count ?? 0) / 265))
    const pattern = String(minutes === 1 ? (hash.minute ?? '1 min read') : (hash.minutes ?? '% min read'))
    return pattern.replace('%', String(minutes))
  })
}
