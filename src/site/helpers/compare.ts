import { type HelperInstaller, optionsOf } from './types.js'

/** `{{#eq a b}}…{{else}}…{{/eq}}` as a block, or `(eq a b)` as a value in other helpers. */
export const compare: HelperInstaller = (hbs) => {
  hbs.registerHelper('eq', function (this: unknown, a: unknown, b: unknown, ...rest: unknown[]) {
    const options = optionsOf(rest)
    const same = a === b
    if (!options.fn) return same
    return same ? options.fn(this) : options.inverse ? options.inverse(this) : ''
  })
}
