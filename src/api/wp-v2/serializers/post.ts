import { autoExcerpt, htmlToText } from '../../../content/index.js'
import { texturize } from '../../../content/texturize.js'
import type { PostHead } from '../../../content/index.js'
import type { MediaRow, PostRow } from '../../../db/index.js'
import type { Services } from '../../../services.js'
import { escapeHtml } from '../../../shared/html.js'
import { escapeText } from './basic.js'
import { forReaders, uploadKeysIn } from '../../../site/reader-html.js'
import { deepFreeze } from '../../../site/views.js'
import { filterByContext, gmtDate, localDate } from '../fields.js'
import { JsonText } from '../json-text.js'
import { CURIES, type Links, one } from '../links.js'
import type { Context, RestContext } from '../rest.js'
import { pageSchema, postSchema } from '../schemas.js'
import { createKeptJson } from './kept-json.js'

const MAX_CACHED = 2000
/** Posts kept as written JSON (with what `_embed` made of them): ~11 KB each, so a few hundred of each kind. */
const MAX_KEPT_JSON_BYTES = 8 * 1024 * 1024

/** WordPress's `rest_base` of each post type. */
export const REST_BASE: Record<string, string> = { post: 'posts', page: 'pages' }

export interface PostSerializeOptions {
  context: Context
  /** The post password the client sent, which unlocks a protected post's content. */
  password?: string
  /** Whether the posts are a post asked for alone (its Read Also links are embeddable), not a list; by default, when there is one. */
  alone?: boolean
  /** Whether the asker may edit each post (edit context shows raw fields). */
  canEdit?: (post: PostRow) => boolean
}

/** Posts and pages as WordPress's REST API shows them; the reader HTML of each saved version is rendered once. */
export function createPostSerializer(services: Services) {
  /**
   * What each saved version of a post renders to, kept so lists do not redo the text work on every request. The
   * body shows images as the media library describes them: media changes, and writes by other processes, drop it all.
   */
  const rendered = new Map<number, { version: string; content?: string; excerpt?: string }>()
  let generation = 0
  services.events.on((event) => {
    if (event.type === 'post.saved' || event.type === 'post.deleted') rendered.delete(event.post.id)
    else if (event.type === 'media.saved' || event.type === 'media.deleted' || event.type === 'external.changed') rendered.clear()
    else return
    generation++
  })
  const versionKey = (row: PostRow) => `${row.modified_at}:${row.content.length}:${row.excerpt.length}`
  const entry = (row: PostRow) => {
    const version = versionKey(row)
    let hit = rendered.get(row.id)
    if (!hit || hit.version !== version) {
      if (!hit && rendered.size >= MAX_CACHED) rendered.delete(rendered.keys().next().value!)
      hit = { version }
      rendered.set(row.id, hit)
    }
    return hit
  }

  async function readerHtml(rows: readonly PostRow[]): Promise<Map<number, string>> {
    const out = new Map<number, string>()
    const todo = rows.filter((row) => {
      const hit = entry(row).content
      if (hit !== undefined) out.set(row.id, hit)
      return hit === undefined
    })
    if (!todo.length) return out
    const since = generation
    const keys = todo.flatMap((row) => uploadKeysIn(row.content, services.config.siteUrl))
    const media = new Map((await services.media.byFiles(keys)).map((m: MediaRow) => [m.file, m]))
    for (const row of todo) {
      const html = forReaders(row.content, media, services.config.siteUrl)
      // Made from media read before a change: sent, not kept.
      if (since === generation) entry(row).content = html
      out.set(row.id, html)
    }
    return out
  }

  const excerptOf = (row: PostRow) => {
    const e = entry(row)
    e.excerpt ??= excerptHtml(row)
    return e.excerpt
  }

  // A post alone shows its Read Also links as embeddable, a post in a list does not: two ways of writing it.
  const keptInLists = createKeptJson(services, MAX_KEPT_JSON_BYTES / 2)
  const keptAlone = createKeptJson(services, MAX_KEPT_JSON_BYTES / 2)

  /**
   * Posts as a reader sees them (the view context), written as JSON: a published post without a password shows
   * everyone the same, so it is kept as written per version, and only the others are made. `rows` may be only
   * versions (a list's): the rows of posts not kept are read then.
   */
  async function serializeView(ctx: RestContext, rows: readonly (PostRow | PostHead)[], options: PostSerializeOptions): Promise<JsonText[]> {
    const kept = rows.length === 1 ? keptAlone : keptInLists
    const out: (JsonText | undefined)[] = rows.map((row) => kept.get(row))
    const todo = rows.filter((_, i) => out[i] === undefined)
    if (!todo.length) return out as JsonText[]
    const since = kept.since()
    const full = todo.every((row): row is PostRow => 'content' in row) ? todo : await services.posts.getMany(todo.map((row) => row.id))
    const made = new Map<number, JsonText>()
    // Written as the whole answer shows them, however few of its posts are made here.
    for (const [i, value] of (await serialize(ctx, full, { ...options, alone: rows.length === 1 })).entries()) {
      const row = full[i]!
      const text = new JsonText(deepFreeze(value), Buffer.from(JSON.stringify(value)))
      made.set(row.id, row.status === 'publish' && row.password === '' ? kept.keep(row, text, since) : text)
    }
    // A post gone since it was listed is left out.
    return out.map((text, i) => text ?? made.get(rows[i]!.id)).filter((text): text is JsonText => text !== undefined)
  }

  async function serialize(ctx: RestContext, rows: readonly PostRow[], options: PostSerializeOptions): Promise<Record<string, unknown>[]> {
    if (!rows.length) return []
    const settings = await services.settings.all()
    const [links, termRows, html, revisions, related] = await Promise.all([
      services.permalinks.linksFor(rows),
      services.terms.termsOfPosts(rows.filter((r) => r.type === 'post').map((r) => r.id)),
      options.context === 'embed' ? Promise.resolve(new Map<number, string>()) : readerHtml(rows),
      services.posts.revisionCounts(rows.map((r) => r.id)),
      options.context === 'embed' ? Promise.resolve(new Map<number, number[]>()) : services.search.relatedIdsFor(rows.filter((r) => r.type === 'post').map((r) => r.id)),
    ])
    const termsOf = new Map<number, { category: number[]; post_tag: number[] }>()
    for (const t of [...termRows].sort((a, b) => a.id - b.id)) {
      const entry = termsOf.get(t.post_id) ?? { category: [], post_tag: [] }
      if (t.taxonomy === 'category' || t.taxonomy === 'post_tag') entry[t.taxonomy].push(t.id)
      termsOf.set(t.post_id, entry)
    }
    return rows.map((post) => {
      const edit = options.context === 'edit' && (options.canEdit?.(post) ?? true)
      const locked = post.password !== '' && !edit && options.password !== post.password
      const when = post.published_at ?? post.modified_at
      const link = links.get(post.id) ?? `${ctx.siteUrl}/?p=${post.id}`
      const base = REST_BASE[post.type] ?? 'posts'
      const terms = termsOf.get(post.id) ?? { category: [], post_tag: [] }
      const data: Record<string, unknown> = {
        id: post.id,
        date: localDate(when, settings.timezone),
        date_gmt: gmtDate(when),
        guid: { rendered: `${ctx.siteUrl}/?${post.type === 'page' ? 'page_id' : 'p'}=${post.id}`, raw: `${ctx.siteUrl}/?${post.type === 'page' ? 'page_id' : 'p'}=${post.id}` },
        modified: localDate(post.modified_at, settings.timezone),
        modified_gmt: gmtDate(post.modified_at),
        password: post.password,
        slug: post.slug,
        status: post.status,
        type: post.type,
        link,
        permalink_template: permalinkTemplate(post, link),
        generated_slug: post.slug,
        title: { raw: post.title, rendered: texturize(escapeText(post.title)) },
        content: {
          raw: post.content_source,
          rendered: locked ? '' : (html.get(post.id) ?? ''),
          protected: post.password !== '',
          block_version: 0,
        },
        excerpt: { raw: post.excerpt, rendered: locked ? '' : excerptOf(post), protected: post.password !== '' },
        author: post.author_id ?? 0,
        featured_media: post.featured_media_id ?? 0,
        ...(post.type === 'page' ? { parent: post.parent_id ?? 0, menu_order: post.menu_order } : {}),
        comment_status: post.comment_status,
        ping_status: 'closed',
        ...(post.type === 'post' ? { sticky: post.sticky === 1 } : {}),
        template: '',
        ...(post.type === 'post' ? { format: 'standard' } : {}),
        meta: [],
        ...(post.type === 'post' ? { categories: terms.category, tags: terms.post_tag, related: related.get(post.id) ?? [] } : {}),
        _links: postLinks(ctx, post, base, revisions.get(post.id) ?? 0, related.get(post.id) ?? [], options.alone ?? rows.length === 1),
      }
      return filterByContext(data, post.type === 'page' ? pageSchema : postSchema, edit ? 'edit' : options.context === 'edit' ? 'view' : options.context)
    })
  }

  return { serialize, serializeView, forget: () => (rendered.clear(), keptInLists.clear(), keptAlone.clear()) }
}

export type PostSerializer = ReturnType<typeof createPostSerializer>

function permalinkTemplate(post: PostRow, link: string): string {
  const marker = post.type === 'page' ? '%pagename%' : '%postname%'
  const slug = encodeURIComponent(post.slug)
  return link.includes(`/${slug}/`) ? link.replace(`/${slug}/`, `/${marker}/`) : link
}

/** WordPress's the_excerpt: the written excerpt, or the first 55 words, in a paragraph. */
function excerptHtml(post: PostRow): string {
  if (post.excerpt) return /^\s*<(p|div|ul|ol|blockquote|h[1-6])\b/i.test(post.excerpt) ? `${texturize(post.excerpt)}\n` : `<p>${texturize(post.excerpt)}</p>\n`
  const text = autoExcerpt(post.content)
  return text ? `<p>${texturize(escapeHtml(text.endsWith('…') ? `${text.slice(0, -1)} [&hellip;]` : text)).replace('[&amp;hellip;]', '[&hellip;]')}</p>\n` : ''
}

function postLinks(ctx: RestContext, post: PostRow, base: string, revisionCount: number, related: readonly number[], single: boolean): Links {
  const links: Links = {
    self: one(ctx.api(`/wp/v2/${base}/${post.id}`)),
    collection: one(ctx.api(`/wp/v2/${base}`)),
    about: one(ctx.api(`/wp/v2/types/${post.type}`)),
  }
  if (post.author_id) links.author = one(ctx.api(`/wp/v2/users/${post.author_id}`), { embeddable: true })
  links.replies = one(ctx.api('/wp/v2/comments', { post: post.id }), { embeddable: true })
  links['version-history'] = one(ctx.api(`/wp/v2/${base}/${post.id}/revisions`), { count: revisionCount })
  if (post.type === 'page' && post.parent_id) links.up = one(ctx.api(`/wp/v2/pages/${post.parent_id}`), { embeddable: true })
  if (post.featured_media_id) links['wp:featuredmedia'] = one(ctx.api(`/wp/v2/media/${post.featured_media_id}`), { embeddable: true })
  links['wp:attachment'] = one(ctx.api('/wp/v2/media', { parent: post.id }))
  if (post.type === 'post') {
    links['wp:term'] = [
      { taxonomy: 'category', embeddable: true, href: ctx.api('/wp/v2/categories', { post: post.id }) },
      { taxonomy: 'post_tag', embeddable: true, href: ctx.api('/wp/v2/tags', { post: post.id }) },
    ]
  }
  // "Read Also": each related post; embeddable for one post (`_embed`), not in lists, where every post would
  // add as many sub-requests as it has related posts.
  if (related.length) links.related = related.map((id) => ({ href: ctx.api(`/wp/v2/posts/${id}`), embeddable: single }))
  links.curies = CURIES
  return links
}

export const plainText = htmlToText
