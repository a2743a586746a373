import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Services } from '../services.js'
import type { Settings } from '../settings/index.js'
import { headHtml, type HeadInput } from './head.js'
import { contextClasses, type PageContext, templateCandidates } from './theme/template-hierarchy.js'
import { listThemes, loadTheme, type Theme } from './theme/theme.js'
import type { Views } from './views.js'

/** Bundled themes live in src/themes (also when running the built code: they are read, not compiled). */
export const THEMES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/themes')

const CONTEXT_NAMES: Record<PageContext['kind'], string> = {
  home: 'home', single: 'post', category: 'category', tag: 'tag', author: 'author', date: 'date', search: 'search', error: 'error',
}

export interface RenderInput {
  context: PageContext
  /** The canonical URL of the page. */
  url: string
  title: string
  description: string
  /** Page 2 and later of a list. */
  paged?: boolean
  head?: Partial<HeadInput>
  /** The page's own feed (a category's, an author's, a post's comments), linked after the site's feeds. */
  feed?: { title: string; url: string }
  data: Record<string, unknown>
}

/** Renders pages with the theme the `theme` setting names (falling back to `default`), compiled once each. */
export function createRenderer(services: Services, views: Views, themesDir = THEMES_DIR) {
  const themes = new Map<string, Theme>()
  const available = new Set(listThemes(themesDir))

  function theme(name: string): Theme {
    const chosen = available.has(name) ? name : 'default'
    let t = themes.get(chosen)
    if (!t) themes.set(chosen, (t = loadTheme(path.join(themesDir, chosen))))
    return t
  }

  async function siteData(settings: Settings, currentUrl: string) {
    const url = services.config.siteUrl
    return {
      title: settings.title,
      tagline: settings.tagline,
      description: settings.tagline,
      url,
      lang: settings.language,
      timezone: settings.timezone,
      date_format: settings.date_format,
      time_format: settings.time_format,
      navigation: await views.navigation(settings, currentUrl),
      feeds: { rss: `${url}/feed/`, atom: `${url}/feed/atom/`, json: `${url}/feed/json/` },
    }
  }

  async function render(input: RenderInput): Promise<string> {
    const settings = await services.settings.all()
    const site = await siteData(settings, input.url)
    const { context } = input
    const names = [CONTEXT_NAMES[context.kind]]
    if (context.kind === 'single' && context.type === 'page') names[0] = 'page'
    if (context.kind === 'error' && context.status === 404) names.push('404')
    if (input.paged) names.push('paged')
    const head = headHtml({
      siteTitle: settings.title,
      siteUrl: services.config.siteUrl,
      lang: settings.language,
      title: input.title,
      description: input.description,
      canonical: input.url,
      feeds: [
        { title: `${settings.title} » Feed`, url: site.feeds.rss, type: 'application/rss+xml' },
        { title: `${settings.title} » Atom Feed`, url: site.feeds.atom, type: 'application/atom+xml' },
        { title: `${settings.title} » JSON Feed`, url: site.feeds.json, type: 'application/feed+json' },
        { title: `${settings.title} » Comments Feed`, url: `${site.url}/comments/feed/`, type: 'application/rss+xml' },
        // As WordPress's feed_links_extra: an archive or post also points at the feed of what it shows.
        ...(input.feed ? [{ title: `${settings.title} » ${input.feed.title}`, url: input.feed.url, type: 'application/rss+xml' }] : []),
      ],
      ...input.head,
      // "Discourage search engines" (WordPress's blog_public off) keeps every page out of their indexes.
      noindex: !settings.blog_public || !!input.head?.noindex,
    })
    return theme(settings.theme).render(templateCandidates(context), {
      ...input.data,
      site,
      context: names,
      body_classes: contextClasses(context),
      meta_title: input.title,
      meta_description: input.description,
      canonical_url: input.url,
      head_html: head,
      foot_html: '',
    })
  }

  return { render, theme: (name: string) => theme(name), themes: () => [...available] }
}

export type Renderer = ReturnType<typeof createRenderer>
