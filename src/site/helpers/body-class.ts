import { type HelperInstaller, optionsOf } from './types.js'

/** `{{body_class}}`: WordPress's body classes for the page shown (home, single, category-news, paged…). */
export const bodyClass: HelperInstaller = (hbs) => {
  hbs.registerHelper('body_class', (...args: unknown[]) => {
    const { data } = optionsOf(args)
    const classes = (data.root.body_classes as string[] | undefined) ?? []
    return classes.join(' ')
  })
}
