import { texturize } from '../../../content/texturize.js'
import type { MediaRow, RevisionRow, TermRow } from '../../../db/index.js'
import type { Variants } from '../../../media/index.js'
import { escapeHtml } from '../../../shared/html.js'
import { authorPath, termPath } from '../../../site/urls.js'
import type { User } from '../../../users/index.js'
import { ROLE_CAPABILITIES, isRole } from '../../../users/index.js'
import { filterByContext, gmtDate, localDate } from '../fields.js'
import { CURIES, one } from '../links.js'
import type { Context, RestContext } from '../rest.js'
import { categorySchema, mediaSchema, revisionSchema, tagSchema, userSchema } from '../schemas.js'

/** Plain text made safe inside HTML; quotes stay as they are so texturize can curl them. */
export const escapeText = (text: string) => text.replace(/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/gi, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export const TERM_BASE: Record<string, string> = { category: 'categories', post_tag: 'tags' }

/** Avatars are drawn by the site from a hash (never Gravatar, which would publish a hash of the email). */
export function avatarUrls(siteUrl: string, hash: string | null): Record<string, string> {
  const base = `${siteUrl}/avatar/${hash ?? 'default'}`
  return { 24: `${base}?s=24`, 48: `${base}?s=48`, 96: `${base}?s=96` }
}

export async function serializeTerms(ctx: RestContext, rows: readonly TermRow[], context: Context): Promise<Record<string, unknown>[]> {
  if (!rows.length) return []
  const [settings, all] = await Promise.all([
    ctx.services.settings.all(),
    ctx.memo('categories', () => ctx.services.terms.list('category')),
  ])
  const byId = new Map(all.map((t) => [t.id, t]))
  return rows.map((term) => {
    const base = TERM_BASE[term.taxonomy] ?? 'categories'
    const hierarchical = term.taxonomy === 'category'
    const data: Record<string, unknown> = {
      id: term.id,
      count: term.count,
      description: term.description,
      link: ctx.siteUrl + termPath(term, byId, { category: settings.category_base, tag: settings.tag_base }),
      name: texturize(escapeText(term.name)),
      slug: term.slug,
      taxonomy: term.taxonomy,
      ...(hierarchical ? { parent: term.parent_id ?? 0 } : {}),
      meta: [],
      _links: {
        self: one(ctx.api(`/wp/v2/${base}/${term.id}`)),
        collection: one(ctx.api(`/wp/v2/${base}`)),
        about: one(ctx.api(`/wp/v2/taxonomies/${term.taxonomy}`)),
        ...(hierarchical && term.parent_id ? { up: one(ctx.api(`/wp/v2/categories/${term.parent_id}`), { embeddable: true }) } : {}),
        'wp:post_type': one(ctx.api('/wp/v2/posts', { [base]: term.id })),
        curies: CURIES,
      },
    }
    return filterByContext(data, hierarchical ? categorySchema : tagSchema, context)
  })
}

export function serializeUser(ctx: RestContext, user: User, context: Context): Record<string, unknown> {
  const role = isRole(user.role) ? user.role : 'subscriber'
  const [first = '', ...rest] = user.display_name.split(' ')
  const data: Record<string, unknown> = {
    id: user.id,
    username: user.login,
    name: user.display_name,
    first_name: first,
    last_name: rest.join(' '),
    email: user.email,
    url: user.url,
    description: user.description,
    link: ctx.siteUrl + authorPath(user.login),
    locale: 'en_US',
    nickname: user.login,
    slug: user.login,
    roles: [role],
    registered_date: `${gmtDate(user.registered_at)}+00:00`,
    capabilities: Object.fromEntries([...ROLE_CAPABILITIES[role], role].map((c) => [c, true])),
    extra_capabilities: { [role]: true },
    avatar_urls: avatarUrls(ctx.siteUrl, null),
    meta: [],
    _links: { self: one(ctx.api(`/wp/v2/users/${user.id}`)), collection: one(ctx.api('/wp/v2/users')) },
  }
  return filterByContext(data, userSchema, context)
}

export function mediaUrl(ctx: RestContext, row: Pick<MediaRow, 'file' | 'source_url'>): string {
  return row.file ? `${ctx.siteUrl}/uploads/${row.file.split('/').map(encodeURIComponent).join('/')}` : row.source_url
}

export async function serializeMedia(ctx: RestContext, rows: readonly MediaRow[], context: Context): Promise<Record<string, unknown>[]> {
  const { timezone } = await ctx.services.settings.all()
  return rows.map((m) => {
    const source = mediaUrl(ctx, m)
    const variants = JSON.parse(m.variants || '{}') as Variants
    const sizes: Record<string, unknown> = {}
    for (const [name, v] of Object.entries(variants)) {
      sizes[name] = { file: v.file.split('/').pop(), width: v.width, height: v.height, mime_type: v.mime_type, source_url: mediaUrl(ctx, { file: v.file, source_url: '' }) }
    }
    const image = m.mime_type.startsWith('image/')
    if (image && m.width && m.height) sizes.full = { file: m.file.split('/').pop(), width: m.width, height: m.height, mime_type: m.mime_type, source_url: source }
    const data: Record<string, unknown> = {
      id: m.id,
      date: localDate(m.created_at, timezone),
      date_gmt: gmtDate(m.created_at),
      guid: { rendered: source, raw: source },
      modified: localDate(m.created_at, timezone),
      modified_gmt: gmtDate(m.created_at),
      slug: m.file.split('/').pop()?.replace(/\.[^.]+$/, '') ?? String(m.id),
      status: 'inherit',
      type: 'attachment',
      link: source,
      title: { raw: m.title, rendered: texturize(escapeText(m.title)) },
      author: m.author_id ?? 0,
      comment_status: 'closed',
      ping_status: 'closed',
      template: '',
      meta: [],
      description: { raw: m.description, rendered: m.description ? `<p>${escapeHtml(m.description)}</p>\n` : '' },
      caption: { raw: m.caption, rendered: m.caption ? `<p>${texturize(escapeText(m.caption))}</p>\n` : '' },
      alt_text: m.alt_text,
      media_type: image ? 'image' : 'file',
      mime_type: m.mime_type,
      media_details: image
        ? { width: m.width ?? 0, height: m.height ?? 0, file: m.file, filesize: m.size, sizes, image_meta: {} }
        : { filesize: m.size, sizes: {} },
      post: null,
      source_url: source,
      missing_image_sizes: [],
      _links: {
        self: one(ctx.api(`/wp/v2/media/${m.id}`)),
        collection: one(ctx.api('/wp/v2/media')),
        about: one(ctx.api('/wp/v2/types/attachment')),
        ...(m.author_id ? { author: one(ctx.api(`/wp/v2/users/${m.author_id}`), { embeddable: true }) } : {}),
        replies: one(ctx.api('/wp/v2/comments', { post: m.id }), { embeddable: true }),
      },
    }
    return filterByContext(data, mediaSchema, context)
  })
}

export async function serializeRevisions(ctx: RestContext, parent: { id: number; type: string }, rows: readonly RevisionRow[], context: Context): Promise<Record<string, unknown>[]> {
  const { timezone } = await ctx.services.settings.all()
  const base = parent.type === 'page' ? 'pages' : 'posts'
  return rows.map((r, i) => {
    const data: Record<string, unknown> = {
      author: r.author_id ?? 0,
      date: localDate(r.created_at, timezone),
      date_gmt: gmtDate(r.created_at),
      id: r.id,
      modified: localDate(r.created_at, timezone),
      modified_gmt: gmtDate(r.created_at),
      parent: parent.id,
      slug: `${parent.id}-revision-v${rows.length - i}`,
      guid: { rendered: `${ctx.siteUrl}/?p=${r.id}`, raw: `${ctx.siteUrl}/?p=${r.id}` },
      title: { raw: r.title, rendered: texturize(escapeText(r.title)) },
      content: { raw: r.content_source, rendered: texturize(r.content) },
      excerpt: { raw: r.excerpt, rendered: r.excerpt ? `<p>${texturize(r.excerpt)}</p>\n` : '' },
      _links: { parent: one(ctx.api(`/wp/v2/${base}/${parent.id}`)) },
    }
    return filterByContext(data, revisionSchema, context)
  })
}
