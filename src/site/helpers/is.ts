import { type HelperInstaller, optionsOf } from './types.js'

/** `{{#is "home, paged"}}…{{else}}…{{/is}}`: true when the page is one of these kinds. */
export const is: HelperInstaller = (hbs) => {
  hbs.registerHelper('is', function (this: unknown, kinds: unknown, ...rest: unknown[]) {
    const options = optionsOf(rest)
    const context = (options.data.root.context as string[] | undefined) ?? []
    const wanted = String(kinds).split(',').map((k) => k.trim())
    return wanted.some((k) => context.includes(k)) ? options.fn!(this) : options.inverse ? options.inverse(this) : ''
  })
}
