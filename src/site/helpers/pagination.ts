import { escapeHtml } from '../../shared/html.js'
import { type HelperInstaller, optionsOf } from './types.js'

interface PaginationView {
  page: number
  pages: number
  prev_url?: string | null
  next_url?: string | null
}

/**
 * `{{pagination}}`: the theme's `pagination` partial when it has one, else a plain accessible pager, its links
 * named "← Newer posts" and "Older posts →" unless `prev="…"` and `next="…"` say otherwise (search results go
 * by relevance, not by date).
 */
export const pagination: HelperInstaller = (hbs) => {
  hbs.registerHelper('pagination', function (this: { pagination?: PaginationView }, ...args: unknown[]) {
    const options = optionsOf(args)
    const view = this.pagination ?? (options.data.root.pagination as PaginationView | undefined)
    if (!view || view.pages <= 1) return ''
    const partial = hbs.partials.pagination as ((ctx: unknown, o: unknown) => string) | undefined
    if (typeof partial === 'function') return new hbs.SafeString(partial(view, { data: options.data, helpers: hbs.helpers, partials: hbs.partials }))
    const label = (name: string, fallback: string) => escapeHtml(typeof options.hash[name] === 'string' ? (options.hash[name] as string) : fallback)
    const prev = view.prev_url ? `<a class="newer-posts" rel="prev" href="${escapeHtml(view.prev_url)}">${label('prev', '← Newer posts')}</a>` : ''
    const next = view.next_url ? `<a class="older-posts" rel="next" href="${escapeHtml(view.next_url)}">${label('next', 'Older posts →')}</a>` : ''
    return new hbs.SafeString(`<nav class="pagination" aria-label="Pages">${prev}<span class="page-number">Page ${view.page} of ${view.pages}</span>${next}</nav>`)
  })
}
