import { type HelperInstaller, optionsOf } from './types.js'

/** `{{plural count empty="No comments" singular="% comment" plural="% comments"}}`. */
export const plural: HelperInstaller = (hbs) => {
  hbs.registerHelper('plural', (count: unknown, ...rest: unknown[]) => {
    const { hash } = optionsOf(rest)
    const n = Number(count) || 0
    const pattern = String((n === 0 ? hash.empty : n === 1 ? hash.singular : hash.plural) ?? hash.plural ?? '%')
    return pattern.replace('%', String(n))
  })
}
