import { type HelperInstaller, optionsOf, valuesOf } from './types.js'

/**
 * `{{#keep comments form=comment_form}}…{{/keep}}`: the block's HTML, rendered once and kept for as long as the
 * first value is the same frozen object. The site hands templates frozen objects only for what it keeps between
 * requests and replaces when it changes (post views with their author, comment threads): a post edited, a comment
 * approved, a term renamed, a user renamed, settings, theme or menus saved, or a write by another process make
 * new ones, and their fragments with them. Anything else (a list made for one request, a search result) renders
 * the block every time.
 *
 * The block may read only its first value, the site (`@site`) and what its other values tell: each hash value
 * (and further positional value) is part of the key, strings, numbers and booleans by value, anything else by
 * presence (`form=comment_form`: open or closed). Kept per theme, and forgotten with the object they belong to.
 */
export const keep: HelperInstaller = (hbs) => {
  const kept = new WeakMap<object, Map<string, string>>()
  hbs.registerHelper('keep', function (this: unknown, ...args: unknown[]) {
    const options = optionsOf(args)
    const [value, ...more] = valuesOf(args)
    if (!options.fn) return ''
    if (value === null || typeof value !== 'object' || !Object.isFrozen(value)) return options.fn(this)
    let key = ''
    for (const v of more) key += `${keyPart(v)};`
    for (const name of Object.keys(options.hash).sort()) key += `${name}=${keyPart(options.hash[name])};`
    let byKey = kept.get(value)
    const hit = byKey?.get(key)
    if (hit !== undefined) return hit
    const html = options.fn(this)
    if (!byKey) kept.set(value, (byKey = new Map()))
    byKey.set(key, html)
    return html
  })
}

function keyPart(value: unknown): string {
  if (typeof value === 'string') return `s${JSON.stringify(value)}`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value}:${String(value)}`
  return value ? '+' : '-'
}
