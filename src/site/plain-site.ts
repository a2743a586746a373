import type { PostRow } from '../db/index.js'
import { autoExcerpt } from '../content/index.js'
import type { Settings } from '../settings/index.js'
import { escapeHtml } from '../shared/html.js'
import { layout } from './layout.js'

const dateFormats = new Map<string, Intl.DateTimeFormat>()
function formatDate(iso: string | null, timeZone: string): string {
  if (!iso) return ''
  let f = dateFormats.get(timeZone)
  if (!f) dateFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone })))
  return f.format(new Date(iso))
}

export interface ListedPost {
  post: PostRow
  link: string
  authorName: string | null
}

export function homePage(settings: Settings, items: ListedPost[]): string {
  const body = items.length
    ? items
        .map(({ post, link, authorName }) => `<article>
<h2><a href="${escapeHtml(link)}">${escapeHtml(post.title || '(no title)')}</a></h2>
<p class="meta">${post.sticky ? 'Featured · ' : ''}<time datetime="${escapeHtml(post.published_at ?? '')}">${formatDate(post.published_at, settings.timezone)}</time>${authorName ? ` · by ${escapeHtml(authorName)}` : ''}</p>
<p>${escapeHtml(post.excerpt ? autoExcerpt(post.excerpt) : autoExcerpt(post.content))}</p>
</article>`)
        .join('\n')
    : '<p>Nothing has been published yet.</p>'
  return layout({ title: `${settings.title} – ${settings.tagline}`, siteTitle: settings.title, tagline: settings.tagline, lang: settings.language, body: `<h1 class="skip">Latest posts</h1>\n${body}` })
}

export function singlePage(settings: Settings, { post, authorName }: ListedPost): string {
  const body = `<article>
<h1>${escapeHtml(post.title)}</h1>
<p class="meta">${post.type === 'post' ? `<time datetime="${escapeHtml(post.published_at ?? '')}">${formatDate(post.published_at, settings.timezone)}</time>` : ''}${authorName ? ` · by ${escapeHtml(authorName)}` : ''}</p>
${post.content}
</article>`
  return layout({ title: `${post.title} – ${settings.title}`, siteTitle: settings.title, tagline: settings.tagline, lang: settings.language, body })
}
