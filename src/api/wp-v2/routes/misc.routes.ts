import { canDeletePost, canEditPost } from '../../../content/index.js'
import type { PostRow, RevisionRow } from '../../../db/index.js'
import { can } from '../../../users/index.js'
import { isDomainError } from '../../../shared/errors.js'
import { collectionHeaders, one } from '../links.js'
import { contextArg, CREATABLE, DELETABLE, EDITABLE, READABLE, type RestContext, type RouteDef } from '../rest.js'
import { revisionSchema, searchSchema, settingsSchema } from '../schemas.js'
import { serializeRevisions } from '../serializers/basic.js'
import { forbidden, WpError } from '../wp-errors.js'
import { pagingArgs, postWriteArgs } from './post-args.js'
import { rankedSearchHits } from './ranked.js'

/** `posts/<id>/revisions` and `pages/<id>/revisions`: the saved versions, for those who may edit the post. */
export function revisionRoutes(type: 'post' | 'page'): RouteDef[] {
  const base = type === 'page' ? 'pages' : 'posts'
  /** The post the revisions belong to, refused as WordPress refuses (reading them needs `edit_post`, deleting one `delete_post`). */
  async function parentOf(ctx: RestContext, id = ctx.params.parent as number, forDelete = false): Promise<PostRow> {
    let post: PostRow
    try {
      post = await ctx.services.posts.get(id, ctx.actor)
    } catch {
      throw new WpError('rest_post_invalid_parent', 'Invalid post parent ID.', 404)
    }
    if (post.type !== type) throw new WpError('rest_post_invalid_parent', 'Invalid post parent ID.', 404)
    if (forDelete && !canDeletePost(ctx.actor, post)) throw forbidden(ctx.actor, 'rest_cannot_delete', 'Sorry, you are not allowed to delete revisions of this post.')
    if (!canEditPost(ctx.actor, post)) throw forbidden(ctx.actor, 'rest_cannot_read', 'Sorry, you are not allowed to view revisions of this post.')
    return post
  }
  const parentArg = { parent: { description: 'The ID for the parent of the revision.', type: 'integer' as const } }
  return [
    {
      pattern: `/wp/v2/${base}/(?P<parent>[\\d]+)/revisions`, namespace: 'wp/v2', schema: revisionSchema,
      endpoints: [{
        methods: READABLE,
        args: { ...parentArg, ...pagingArgs(), per_page: { description: 'Maximum number of items to be returned in result set.', type: 'integer', minimum: 1, maximum: 100 } },
        handler: async (ctx) => {
          const post = await parentOf(ctx)
          const rows = await ctx.services.posts.revisions(post.id, ctx.actor)
          const perPage = (ctx.params.per_page as number | undefined) ?? (rows.length || 1)
          const page = ctx.params.page as number
          const slice = rows.slice((page - 1) * perPage, page * perPage)
          return { body: await serializeRevisions(ctx, post, slice, ctx.context), headers: collectionHeaders(ctx, `/wp/v2/${base}/${post.id}/revisions`, rows.length, perPage, page) }
        },
      }],
    },
    {
      pattern: `/wp/v2/${base}/(?P<parent>[\\d]+)/revisions/(?P<id>[\\d]+)`, namespace: 'wp/v2', schema: revisionSchema,
      endpoints: [{
        methods: READABLE,
        args: { ...parentArg, id: { description: 'Unique identifier for the revision.', type: 'integer' }, context: contextArg() },
        handler: async (ctx) => {
          const post = await parentOf(ctx)
          const rows = await ctx.services.posts.revisions(post.id, ctx.actor)
          const index = rows.findIndex((r) => r.id === ctx.params.id)
          if (index < 0) throw new WpError('rest_post_invalid_id', 'Invalid revision ID.', 404)
          return { body: (await serializeRevisions(ctx, post, rows, ctx.context))[index] }
        },
      }, {
        methods: DELETABLE,
        args: { ...parentArg, id: { description: 'Unique identifier for the revision.', type: 'integer' }, force: { type: 'boolean', default: false, description: 'Required to be true, as revisions do not support trashing.' } },
        errors: {
          forbidden: ['rest_cannot_delete', 'Sorry, you are not allowed to delete revisions of this post.'],
          codes: { cannot_delete_post: 'rest_cannot_delete' },
          notFound: { revision_not_found: ['rest_post_invalid_id', 'Invalid revision ID.'] },
        },
        handler: async (ctx) => {
          const post = await parentOf(ctx, ctx.params.parent as number, true)
          const rows = await ctx.services.posts.revisions(post.id, ctx.actor)
          const index = rows.findIndex((r) => r.id === ctx.params.id)
          if (index < 0) throw new WpError('rest_post_invalid_id', 'Invalid revision ID.', 404)
          // As WordPress: who may delete is checked first, then the missing `force` refused (revisions have no trash).
          if (ctx.params.force !== true) throw new WpError('rest_trash_not_supported', "Revisions do not support trashing. Set 'force=true' to delete.", 501)
          const previous = (await serializeRevisions(ctx, post, rows, ctx.context))[index]
          await ctx.services.posts.removeRevision(post.id, ctx.params.id as number, ctx.actor)
          return { body: { deleted: true, previous } }
        },
      }],
    },
    {
      // WordPress names the post `id` in this pattern (and `parent` in the next).
      pattern: `/wp/v2/${base}/(?P<id>[\\d]+)/autosaves`, namespace: 'wp/v2', schema: revisionSchema,
      endpoints: [
        {
          methods: READABLE,
          args: { ...parentArg, context: contextArg() },
          handler: async (ctx) => {
            const post = await parentOf(ctx, ctx.params.id as number)
            return { body: await serializeAutosaves(ctx, post, await ctx.services.posts.autosaves(post.id, ctx.actor)) }
          },
        },
        {
          methods: CREATABLE,
          args: { ...parentArg, ...postWriteArgs(type, false) },
          handler: async (ctx) => {
            const post = await parentOf(ctx, ctx.params.id as number)
            const p = ctx.params
            const row = await ctx.services.posts.autosave(post.id, { title: rawText(p.title), content: rawText(p.content), excerpt: rawText(p.excerpt) }, ctx.actor)
            return { body: (await serializeAutosaves(ctx, post, [row]))[0] }
          },
        },
      ],
    },
    {
      pattern: `/wp/v2/${base}/(?P<parent>[\\d]+)/autosaves/(?P<id>[\\d]+)`, namespace: 'wp/v2', schema: revisionSchema,
      endpoints: [{
        methods: READABLE,
        args: { ...parentArg, id: { description: 'The ID for the autosave.', type: 'integer' }, context: contextArg() },
        handler: async (ctx) => {
          const post = await parentOf(ctx)
          const row = (await ctx.services.posts.autosaves(post.id, ctx.actor)).find((r) => r.id === ctx.params.id)
          if (!row) throw new WpError('rest_post_invalid_id', 'Invalid autosave ID.', 404)
          return { body: (await serializeAutosaves(ctx, post, [row]))[0] }
        },
      }],
    },
  ]
}

const rawText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value && typeof value === 'object' && typeof (value as { raw?: unknown }).raw === 'string' ? (value as { raw: string }).raw : undefined

/** Autosaves look like revisions, named as WordPress names them (`ID-autosave-v1`), always in the edit context. */
async function serializeAutosaves(ctx: RestContext, post: PostRow, rows: readonly RevisionRow[]) {
  const out = await serializeRevisions(ctx, post, rows, 'edit')
  return out.map((r) => ({ ...r, slug: `${post.id}-autosave-v1` }))
}

/** `search`: posts and pages (or categories and tags) matching words, as WordPress's search endpoint lists them. */
export function searchRoutes(): RouteDef[] {
  return [{
    pattern: '/wp/v2/search', namespace: 'wp/v2', schema: searchSchema,
    endpoints: [{
      methods: READABLE,
      args: {
        ...pagingArgs(),
        context: { ...contextArg(), enum: ['view', 'embed'] },
        type: { default: 'post', description: 'Limit results to items of an object type.', type: 'string', enum: ['post', 'term', 'post-format'] },
        subtype: { default: 'any', description: 'Limit results to items of one or more object subtypes.', type: 'array', items: { enum: ['post', 'page', 'category', 'post_tag', 'any'], type: 'string' } },
        exclude: { description: 'Ensure result set excludes specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
        include: { description: 'Limit result set to specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
      },
      handler: async (ctx) => {
        const p = ctx.params
        const perPage = p.per_page as number
        const page = p.page as number
        const subtypes = p.subtype as string[]
        const search = typeof p.search === 'string' ? p.search : ''
        const include = (p.include as number[]).length ? (p.include as number[]) : undefined
        const exclude = (p.exclude as number[]).length ? (p.exclude as number[]) : undefined
        type Hit = { id: number; title: string; url: string; type: string; subtype: string; date: string; self: string; about: string }
        const hits: Hit[] = []
        let total = 0
        if (p.type === 'term') {
          for (const taxonomy of ['category', 'post_tag'] as const) {
            if (!subtypes.includes('any') && !subtypes.includes(taxonomy)) continue
            const terms = (await ctx.services.terms.list(taxonomy)).filter((t) => (!search || t.name.toLowerCase().includes(search.toLowerCase())) && (!include || include.includes(t.id)) && !exclude?.includes(t.id))
            const settings = await ctx.services.settings.all()
            const base = taxonomy === 'category' ? settings.category_base : settings.tag_base
            for (const t of terms) hits.push({ id: t.id, title: t.name, url: `${ctx.siteUrl}/${base}/${encodeURIComponent(t.slug)}/`, type: 'term', subtype: taxonomy, date: '', self: ctx.api(`/wp/v2/${taxonomy === 'category' ? 'categories' : 'tags'}/${t.id}`), about: ctx.api(`/wp/v2/taxonomies/${taxonomy}`) })
          }
          total = hits.length
          hits.splice(0, (page - 1) * perPage)
        } else if (p.type === 'post') {
          const types = (['post', 'page'] as const).filter((type) => subtypes.includes('any') || subtypes.includes(type))
          const found: PostRow[] = []
          if (search.trim()) {
            // Ranked as the site's search page ranks the same words.
            const ranked = await rankedSearchHits(ctx.services, { search, types, include, exclude, page, perPage }, ctx.actor)
            total = ranked.total
            found.push(...ranked.posts)
          } else {
            for (const type of types) {
              const { posts, total: n } = await ctx.services.posts.list({ type, status: 'publish', page: 1, perPage: page * perPage, filters: { includeIds: include }, excludeIds: exclude }, ctx.actor)
              total += n
              found.push(...posts)
            }
            found.sort((a, b) => ((a.published_at ?? '') < (b.published_at ?? '') ? 1 : (a.published_at ?? '') > (b.published_at ?? '') ? -1 : b.id - a.id))
            found.splice(0, (page - 1) * perPage)
          }
          const links = await ctx.services.permalinks.linksFor(found)
          for (const post of found) hits.push({ id: post.id, title: post.title, url: links.get(post.id)!, type: 'post', subtype: post.type, date: post.published_at ?? '', self: ctx.api(`/wp/v2/${post.type === 'page' ? 'pages' : 'posts'}/${post.id}`), about: ctx.api(`/wp/v2/types/${post.type}`) })
        }
        const body = hits.slice(0, perPage).map((h) => ({
          id: h.id, title: h.title, url: h.url, type: h.type, subtype: h.subtype,
          _links: { self: one(h.self, { embeddable: true }), about: one(h.about), collection: one(ctx.api('/wp/v2/search')) },
        }))
        if (page > Math.ceil(total / perPage) && total > 0) throw new WpError('rest_search_invalid_page_number', 'The page number requested is larger than the number of pages available.', 400)
        return { body, headers: collectionHeaders(ctx, '/wp/v2/search', total, perPage, page) }
      },
    }],
  }]
}

const SETTING_MAP: Record<string, string> = {
  title: 'title', description: 'tagline', email: 'admin_email', timezone: 'timezone', date_format: 'date_format', time_format: 'time_format', start_of_week: 'start_of_week',
  posts_per_page: 'posts_per_page', show_on_front: 'show_on_front', page_on_front: 'page_on_front', page_for_posts: 'page_for_posts', default_comment_status: 'default_comment_status',
}

/** Refused settings as WordPress reports bad arguments: `rest_invalid_param` with a message for each by its WordPress name. */
function settingsParamError(err: unknown): unknown {
  if (!isDomainError(err) || err.code !== 'invalid_setting') return err
  const ours = (err.details.errors ?? { [String(err.details.key)]: err.message }) as Record<string, string>
  const wpName = (key: string) => Object.entries(SETTING_MAP).find(([, o]) => o === key)?.[0] ?? key
  const params = Object.fromEntries(Object.entries(ours).map(([key, message]) => [wpName(key), message]))
  return new WpError('rest_invalid_param', `Invalid parameter(s): ${Object.keys(params).join(', ')}`, 400, { params })
}

/** `settings`: the site options WordPress exposes, mapped to Pressroom's settings, for administrators. */
export function settingsRoutes(): RouteDef[] {
  async function show(ctx: RestContext) {
    const s = await ctx.services.settings.all()
    const uncategorized = (await ctx.services.terms.list('category')).find((t) => t.slug === 'uncategorized')
    return {
      title: s.title, description: s.tagline, url: ctx.siteUrl, email: s.admin_email, timezone: s.timezone, date_format: s.date_format, time_format: s.time_format,
      start_of_week: s.start_of_week, language: s.language === 'en' ? 'en_US' : s.language.replace('-', '_'), use_smilies: false, default_category: uncategorized?.id ?? 0, default_post_format: '0',
      posts_per_page: s.posts_per_page, show_on_front: s.show_on_front, page_on_front: s.page_on_front, page_for_posts: s.page_for_posts,
      default_ping_status: 'closed', default_comment_status: s.default_comment_status, site_logo: null, site_icon: 0,
    }
  }
  const guard = (ctx: RestContext) => {
    if (!can(ctx.actor, 'manage_options')) throw forbidden(ctx.actor, 'rest_forbidden', 'Sorry, you are not allowed to do that.')
  }
  const args = {
    title: { title: 'Title', description: 'Site title.', type: 'string' as const },
    description: { title: 'Tagline', description: 'Site tagline.', type: 'string' as const },
    email: { title: 'Administration Email Address', description: 'This address is used for admin purposes, like new user notification.', type: 'string' as const, format: 'email' as const },
    timezone: { title: 'Timezone', description: 'A city in the same timezone as you.', type: 'string' as const },
    date_format: { title: 'Date Format', description: 'A date format for all date strings.', type: 'string' as const },
    time_format: { title: 'Time Format', description: 'A time format for all time strings.', type: 'string' as const },
    start_of_week: { title: 'Week Starts On', description: 'A day number of the week that the week should start on.', type: 'integer' as const },
    posts_per_page: { title: 'Maximum posts per page', description: 'Blog pages show at most.', type: 'integer' as const },
    show_on_front: { title: 'Show on front', description: 'What to show on the front page', type: 'string' as const },
    page_on_front: { title: 'Page on front', description: 'The ID of the page that should be displayed on the front page', type: 'integer' as const },
    page_for_posts: { title: 'Page for posts', description: 'The ID of the page that should display the latest posts', type: 'integer' as const },
    default_comment_status: { title: 'Allow comments on new posts', description: 'Allow people to submit comments on new posts.', type: 'string' as const, enum: ['open', 'closed'] },
  }
  return [{
    pattern: '/wp/v2/settings', namespace: 'wp/v2', schema: settingsSchema,
    endpoints: [
      { methods: READABLE, args: {}, handler: async (ctx) => (guard(ctx), { body: await show(ctx) }) },
      {
        methods: EDITABLE, args,
        errors: { codes: { invalid_setting: 'rest_invalid_param' } },
        handler: async (ctx) => {
          guard(ctx)
          const changes: Record<string, unknown> = {}
          for (const [wp, ours] of Object.entries(SETTING_MAP)) if (ctx.sent.has(wp) && ctx.params[wp] !== null) changes[ours] = ctx.params[wp]
          if (Object.keys(changes).length) await ctx.services.settings.update(changes, ctx.actor).catch((err: unknown) => { throw settingsParamError(err) })
          return { body: await show(ctx) }
        },
      },
    ],
  }]
}
