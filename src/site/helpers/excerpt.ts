import { type HelperInstaller, optionsOf } from './types.js'

/** `{{excerpt words="30"}}` / `{{excerpt characters="140"}}`: plain text of the post's excerpt, shortened. */
export const excerpt: HelperInstaller = (hbs) => {
  hbs.registerHelper('excerpt', function (this: { excerpt?: string }, ...args: unknown[]) {
    const { hash } = optionsOf(args)
    let text = String(this.excerpt ?? '')
    const words = Number(hash.words)
    const characters = Number(hash.characters)
    if (words > 0) {
      const list = text.split(/\s+/).filter(Boolean)
      if (list.length > words) text = `${list.slice(0, words).join(' ')}…`
    } else if (characters > 0 && text.length > characters) {
      text = `${text.slice(0, characters).replace(/\s+\S*$/, '')}…`
    }
    return text
  })
}
