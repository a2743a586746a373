/**
 * Writes the site as WXR 1.2, the file WordPress's importer reads: authors, categories and tags, media as
 * attachments (with alt text, captions and their parent post), posts and pages with their terms, featured
 * images, custom fields and comments. Streamed in batches of posts: memory does not grow with the site.
 *
 * Post ids are written as they are. Media ids live in another table here and in the same id space as posts
 * in WordPress, so attachments are written as ATTACHMENT_ID_OFFSET + media id.
 */
import type { CommentRow, MediaRow, PostRow, TermRow } from '../db/index.js'
import type { Services } from '../services.js'
import { rewriteSiteUrls } from './convert/index.js'
import { isoToGmt, isoToLocal, isoToRfc822, ZERO_DATE } from './dates.js'
import { menuItemsXml, MENU_ITEM_ID_OFFSET, menusToExport, menuTermXml } from './export-menus.js'
import { createExportRepo, type ExportFilter } from './export.repo.js'
import { cdata, escapeXml, footer, header, meta, tag, xmlSafe } from './write.js'

export const ATTACHMENT_ID_OFFSET = 1_000_000_000

export interface ExportOptions {
  type?: 'post' | 'page' | 'all'
  statuses?: readonly string[]
  /** Only what was published (or, for drafts, written) on or after this date. */
  since?: Date
}

export interface ExportSummary {
  authors: number
  terms: number
  posts: number
  pages: number
  attachments: number
  comments: number
  menus: number
}

const BATCH = 200
const GENERATOR = 'Pressroom'
const COMMENT_APPROVED: Record<string, string> = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' }

/** Writes the export through `write`, waiting on it (a file stream's backpressure) between pieces. */
export async function exportWxr(services: Services, write: (chunk: string) => void | Promise<void>, options: ExportOptions = {}): Promise<ExportSummary> {
  const { db } = services.handle
  const repo = createExportRepo(db)
  const settings = await services.settings.all()
  const siteUrl = services.config.siteUrl.replace(/\/+$/, '')
  const tz = settings.timezone
  const filter: ExportFilter = {
    types: options.type === 'post' || options.type === 'page' ? [options.type] : ['post', 'page'],
    statuses: options.statuses,
    since: options.since?.toISOString(),
  }
  const summary: ExportSummary = { authors: 0, terms: 0, posts: 0, pages: 0, attachments: 0, comments: 0, menus: 0 }
  const absolute = (html: string) => rewriteSiteUrls(html, { from: '/', to: (url) => (url.startsWith('//') ? undefined : siteUrl + url) })

  await write(header({ title: settings.title, link: siteUrl, description: settings.tagline, language: settings.language, generator: GENERATOR }))
  for (const user of await repo.users(await repo.authorIds(filter))) {
    summary.authors++
    await write(`\t<wp:author>\n${tag('wp:author_id', user.id)}${tag('wp:author_login', user.login)}${tag('wp:author_email', user.email)}${tag('wp:author_display_name', user.display_name)}${tag('wp:author_first_name', '')}${tag('wp:author_last_name', '')}\t</wp:author>\n\n`)
  }
  const everything = filter.types.length === 2 && !filter.statuses && !filter.since
  // Menus point at pages and terms by id: they travel with a whole-site export only, as in WordPress.
  const menus = everything ? menusToExport(settings.menus) : []
  await write(await termsXml(repo, summary) + menus.map(menuTermXml).join('') + (menus.length ? '\n' : ''))

  // Media first: WordPress's importer, and this one, resolve featured images either way, but this is the order WordPress writes.
  const onlyMedia = everything ? undefined : await repo.featuredMediaIds(filter)
  for (let after = 0; ;) {
    const batch = await repo.media(after, BATCH, onlyMedia)
    if (!batch.length) break
    after = batch[batch.length - 1]!.id
    const metas = await repo.meta('media', batch.map((m) => m.id))
    for (const media of batch) {
      summary.attachments++
      await write(attachmentXml(media, metas.filter((m) => m.object_id === media.id), siteUrl, tz))
    }
  }

  for (let after = 0; ;) {
    const batch = await repo.posts(filter, after, BATCH)
    if (!batch.length) break
    after = batch[batch.length - 1]!.id
    const ids = batch.map((p) => p.id)
    const [terms, comments, metas, guids, links, logins, oldSlugs] = await Promise.all([
      repo.termsOfPosts(ids), repo.commentsOf(ids), repo.meta('post', ids), repo.guids(ids), services.permalinks.linksFor(batch),
      repo.usersById(batch.flatMap((p) => (p.author_id === null ? [] : [p.author_id]))),
      repo.oldSlugs(ids),
    ])
    const commentMeta = await repo.meta('comment', comments.map((c) => c.id))
    for (const post of batch) {
      if (post.type === 'page') summary.pages++
      else summary.posts++
      const own = comments.filter((c) => c.post_id === post.id)
      summary.comments += own.length
      await write(itemXml({
        post, tz, siteUrl, absolute,
        link: links.get(post.id) ?? `${siteUrl}/?p=${post.id}`,
        guid: guids.get(post.id) ?? `${siteUrl}/?p=${post.id}`,
        creator: post.author_id === null ? '' : (logins.get(post.author_id) ?? ''),
        terms: terms.filter((t) => t.post_id === post.id),
        meta: [
          ...oldSlugs.filter((o) => o.post_id === post.id).map((o) => ({ meta_key: '_wp_old_slug', meta_value: o.slug })),
          ...metas.filter((m) => m.object_id === post.id),
        ],
        comments: own,
        commentMeta,
      }))
    }
  }
  let menuItemId = MENU_ITEM_ID_OFFSET
  const now = services.clock.now().toISOString()
  for (const menu of menus) {
    summary.menus++
    await write(menuItemsXml(menu, siteUrl, tz, () => ++menuItemId, now))
  }
  await write(footer())
  return summary
}

async function termsXml(repo: ReturnType<typeof createExportRepo>, summary: ExportSummary): Promise<string> {
  const terms = await repo.terms()
  const byId = new Map(terms.map((t) => [t.id, t]))
  const metas = await repo.meta('term', terms.map((t) => t.id))
  // Parents before children, as WordPress writes them.
  const ordered: TermRow[] = []
  const placed = new Set<number>()
  const place = (t: TermRow, depth = 0) => {
    if (placed.has(t.id)) return
    if (t.parent_id !== null && byId.has(t.parent_id) && depth < 50) place(byId.get(t.parent_id)!, depth + 1)
    placed.add(t.id)
    ordered.push(t)
  }
  terms.forEach((t) => place(t))
  let out = ''
  for (const t of ordered) {
    summary.terms++
    const termMeta = metas.filter((m) => m.object_id === t.id).map((m) => meta('termmeta', m.meta_key, m.meta_value, '\t\t')).join('')
    if (t.taxonomy === 'category') {
      const parent = t.parent_id === null ? '' : (byId.get(t.parent_id)?.slug ?? '')
      out += `\t<wp:category>\n${tag('wp:term_id', t.id)}${tag('wp:category_nicename', t.slug)}${tag('wp:category_parent', parent)}${tag('wp:cat_name', t.name)}${t.description ? tag('wp:category_description', t.description) : ''}${termMeta}\t</wp:category>\n`
    } else {
      out += `\t<wp:tag>\n${tag('wp:term_id', t.id)}${tag('wp:tag_slug', t.slug)}${tag('wp:tag_name', t.name)}${t.description ? tag('wp:tag_description', t.description) : ''}${termMeta}\t</wp:tag>\n`
    }
  }
  return `${out}\n`
}

/** The dates WordPress writes for an instant: local and GMT; a draft without a date has a zero GMT date. */
function dates(iso: string | null, fallback: string, tz: string): { local: string; gmt: string } {
  if (!iso) return { local: isoToLocal(fallback, tz), gmt: ZERO_DATE }
  return { local: isoToLocal(iso, tz), gmt: isoToGmt(iso) }
}

function attachmentXml(media: MediaRow, metas: { meta_key: string; meta_value: string }[], siteUrl: string, tz: string): string {
  const url = media.file ? `${siteUrl}/uploads/${media.file}` : media.source_url
  const id = ATTACHMENT_ID_OFFSET + media.id
  const parent = metas.find((m) => m.meta_key === '_wxr_post_parent')?.meta_value ?? '0'
  const d = dates(media.created_at, media.created_at, tz)
  const extra = metas.filter((m) => m.meta_key !== '_wxr_post_parent')
  return `\t<item>
\t\t<title>${escapeXml(xmlSafe(media.title))}</title>
\t\t<link>${escapeXml(url)}</link>
\t\t<pubDate>${isoToRfc822(media.created_at)}</pubDate>
\t\t<dc:creator>${cdata('')}</dc:creator>
\t\t<guid isPermaLink="false">${escapeXml(url)}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata(xmlSafe(media.description))}</content:encoded>
\t\t<excerpt:encoded>${cdata(xmlSafe(media.caption))}</excerpt:encoded>
${tag('wp:post_id', id)}${tag('wp:post_date', d.local)}${tag('wp:post_date_gmt', d.gmt)}${tag('wp:post_modified', d.local)}${tag('wp:post_modified_gmt', d.gmt)}${tag('wp:comment_status', 'closed')}${tag('wp:ping_status', 'closed')}${tag('wp:post_name', media.original_name.replace(/\.[^.]+$/, '').toLowerCase())}${tag('wp:status', 'inherit')}${tag('wp:post_parent', Number(parent) || 0)}${tag('wp:menu_order', 0)}${tag('wp:post_type', 'attachment')}${tag('wp:post_password', '')}${tag('wp:is_sticky', 0)}${tag('wp:attachment_url', url)}${media.file ? meta('postmeta', '_wp_attached_file', media.file) : ''}${media.alt_text ? meta('postmeta', '_wp_attachment_image_alt', media.alt_text) : ''}${extra.map((m) => meta('postmeta', m.meta_key, m.meta_value)).join('')}\t</item>
`
}

interface ItemParts {
  post: PostRow
  tz: string
  siteUrl: string
  absolute: (html: string) => string
  link: string
  guid: string
  creator: string
  terms: { taxonomy: string; slug: string; name: string }[]
  meta: { meta_key: string; meta_value: string }[]
  comments: CommentRow[]
  commentMeta: { object_id: number; meta_key: string; meta_value: string }[]
}

function itemXml({ post, tz, absolute, link, guid, creator, terms, meta: metas, comments, commentMeta }: ItemParts): string {
  const d = dates(post.published_at, post.created_at, tz)
  const m = { local: isoToLocal(post.modified_at, tz), gmt: isoToGmt(post.modified_at) }
  const categories = terms.map((t) => `\t\t<category domain="${t.taxonomy}" nicename="${escapeXml(t.slug)}">${cdata(xmlSafe(t.name))}</category>\n`).join('')
  const postMeta = [
    ...(post.featured_media_id !== null ? [meta('postmeta', '_thumbnail_id', String(ATTACHMENT_ID_OFFSET + post.featured_media_id))] : []),
    ...metas.map((x) => meta('postmeta', x.meta_key, x.meta_value)),
  ].join('')
  return `\t<item>
\t\t<title>${escapeXml(xmlSafe(post.title))}</title>
\t\t<link>${escapeXml(link)}</link>
\t\t<pubDate>${isoToRfc822(post.published_at ?? post.created_at)}</pubDate>
\t\t<dc:creator>${cdata(creator)}</dc:creator>
\t\t<guid isPermaLink="false">${escapeXml(guid)}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata(xmlSafe(absolute(post.content)))}</content:encoded>
\t\t<excerpt:encoded>${cdata(xmlSafe(post.excerpt))}</excerpt:encoded>
${tag('wp:post_id', post.id)}${tag('wp:post_date', d.local)}${tag('wp:post_date_gmt', d.gmt)}${tag('wp:post_modified', m.local)}${tag('wp:post_modified_gmt', m.gmt)}${tag('wp:comment_status', post.comment_status)}${tag('wp:ping_status', 'closed')}${tag('wp:post_name', post.slug)}${tag('wp:status', post.status)}${tag('wp:post_parent', post.parent_id ?? 0)}${tag('wp:menu_order', post.menu_order)}${tag('wp:post_type', post.type)}${tag('wp:post_password', post.password)}${tag('wp:is_sticky', post.sticky)}${categories}${postMeta}${comments.map((c) => commentXml(c, tz, commentMeta.filter((x) => x.object_id === c.id))).join('')}\t</item>
`
}

function commentXml(c: CommentRow, tz: string, metas: { meta_key: string; meta_value: string }[]): string {
  return `\t\t<wp:comment>
${tag('wp:comment_id', c.id, '\t\t\t')}${tag('wp:comment_author', c.author_name, '\t\t\t')}${tag('wp:comment_author_email', c.author_email, '\t\t\t')}${tag('wp:comment_author_url', c.author_url, '\t\t\t')}${tag('wp:comment_author_IP', c.author_ip, '\t\t\t')}${tag('wp:comment_date', isoToLocal(c.created_at, tz), '\t\t\t')}${tag('wp:comment_date_gmt', isoToGmt(c.created_at), '\t\t\t')}${tag('wp:comment_content', c.content, '\t\t\t')}${tag('wp:comment_approved', COMMENT_APPROVED[c.status] ?? '0', '\t\t\t')}${tag('wp:comment_type', c.type, '\t\t\t')}${tag('wp:comment_parent', c.parent_id ?? 0, '\t\t\t')}${tag('wp:comment_user_id', c.user_id ?? 0, '\t\t\t')}${metas.map((x) => meta('commentmeta', x.meta_key, x.meta_value, '\t\t\t')).join('')}\t\t</wp:comment>
`
}
