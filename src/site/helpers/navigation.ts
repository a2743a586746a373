import { escapeHtml } from '../../shared/html.js'
import { type HelperInstaller, optionsOf } from './types.js'

export interface NavItemView {
  label: string
  url: string
  current: boolean
  children: NavItemView[]
}

function list(items: NavItemView[], depth: number): string {
  const lis = items.map((item) => {
    const current = item.current ? ' aria-current="page"' : ''
    const children = item.children.length ? list(item.children, depth + 1) : ''
    return `<li class="nav-item${item.current ? ' nav-current' : ''}"><a href="${escapeHtml(item.url)}"${current}>${escapeHtml(item.label)}</a>${children}</li>`
  })
  return `<ul class="${depth ? 'sub-menu' : 'nav'}">${lis.join('')}</ul>`
}

/** `{{navigation}}` / `{{navigation menu="footer"}}`: the theme's `navigation` partial, or a nested list. */
export const navigation: HelperInstaller = (hbs) => {
  hbs.registerHelper('navigation', (...args: unknown[]) => {
    const options = optionsOf(args)
    const menus = ((options.data.site as { navigation?: Record<string, NavItemView[]> } | undefined)?.navigation ?? {})
    const items = menus[typeof options.hash.menu === 'string' ? options.hash.menu : 'primary'] ?? []
    if (!items.length) return ''
    const partial = hbs.partials.navigation as ((ctx: unknown, o: unknown) => string) | undefined
    if (typeof partial === 'function') return new hbs.SafeString(partial({ navigation: items }, { data: options.data, helpers: hbs.helpers, partials: hbs.partials }))
    return new hbs.SafeString(list(items, 0))
  })
}
