import { capabilityFor, canEditPost, type PostInput, type PostListQuery } from '../../../content/index.js'
import type { PostRow } from '../../../db/index.js'
import type { KeptLists } from '../../../site/kept-lists.js'
import { can } from '../../../users/index.js'
import { instantFrom } from '../fields.js'
import { collectionHeaders } from '../links.js'
import { isPlainObject } from '../query-string.js'
import { type Context, contextArg, CREATABLE, DELETABLE, EDITABLE, READABLE, type RestContext, type RouteDef } from '../rest.js'
import { pageSchema, postSchema } from '../schemas.js'
import { type PostSerializer, REST_BASE } from '../serializers/post.js'
import { forbidden, invalidParam, type ErrorVocabulary, WpError } from '../wp-errors.js'
import { postCollectionArgs, postWriteArgs } from './post-args.js'
import { rankedPostList, ranksBySearch } from './ranked.js'

type PostType = 'post' | 'page'
const ALL_STATUSES = ['publish', 'future', 'draft', 'pending', 'private']
const ORDER_COLUMNS: Record<string, NonNullable<PostListQuery['orderBy']>> = {
  date: 'published_at', relevance: 'published_at', modified: 'modified_at', id: 'id', include: 'id', include_slugs: 'id', title: 'title', slug: 'slug', author: 'author_id', parent: 'parent_id', menu_order: 'menu_order',
}

export const invalidPostId = () => new WpError('rest_post_invalid_id', 'Invalid post ID.', 404)

export const postErrors: ErrorVocabulary = {
  notFound: { post_not_found: ['rest_post_invalid_id', 'Invalid post ID.'] },
  byCapability: { publish_posts: 'rest_cannot_publish', publish_pages: 'rest_cannot_publish', edit_others_posts: 'rest_cannot_edit_others', edit_others_pages: 'rest_cannot_edit_others' },
  codes: {
    cannot_edit_post: 'rest_cannot_edit',
    cannot_delete_post: 'rest_cannot_delete',
    cannot_create_term: 'rest_cannot_assign_term',
    invalid_author: 'rest_invalid_author',
    invalid_featured_media: 'rest_invalid_featured_media',
    invalid_term: 'rest_invalid_term_id',
  },
  params: { invalid_date: 'date', invalid_slug: 'slug', invalid_parent: 'parent' },
}

/** `posts` and `pages`: list, get, create, update, trash or delete, through the posts service. */
export function postTypeRoutes(type: PostType, serializer: PostSerializer, totals: KeptLists<number>): RouteDef[] {
  const base = `/wp/v2/${REST_BASE[type]}`
  const schema = type === 'page' ? pageSchema : postSchema
  const plural = `${type}s`

  const options = (ctx: RestContext, context: Context) => ({ context, password: typeof ctx.params.password === 'string' ? ctx.params.password : undefined, canEdit: (p: PostRow) => canEditPost(ctx.actor, p) })

  async function show(ctx: RestContext, rows: PostRow[], context = ctx.context): Promise<unknown[]> {
    return context === 'view' ? serializer.serializeView(ctx, rows, options(ctx, context)) : serializer.serialize(ctx, rows, options(ctx, context))
  }

  async function find(ctx: RestContext, id: number): Promise<PostRow> {
    const post = await ctx.services.posts.get(id, ctx.actor)
    if (post.type !== type) throw invalidPostId()
    return post
  }

  async function list(ctx: RestContext) {
    const p = ctx.params
    if (ctx.context === 'edit' && !can(ctx.actor, capabilityFor(type, 'edit'))) throw forbidden(ctx.actor, 'rest_forbidden_context', 'Sorry, you are not allowed to edit posts in this post type.')
    const statuses = statusesFor(ctx, type, p.status as string[])
    if (p.orderby === 'relevance' && !p.search) throw invalidParam('search', 'You need to define a search term to order by relevance.', 'rest_no_search_term_defined')
    if (p.orderby === 'include' && !(p.include as number[]).length) throw invalidParam('include', 'You need to define an include parameter to order by include.', 'rest_orderby_include_missing_include')
    const timezone = await ctx.services.settings.get('timezone')
    const after = typeof p.after === 'string' ? instantFrom(p.after, undefined, timezone) : undefined
    const before = typeof p.before === 'string' ? instantFrom(p.before, undefined, timezone) : undefined
    const modifiedAfter = typeof p.modified_after === 'string' ? instantFrom(p.modified_after, undefined, timezone) : undefined
    const modifiedBefore = typeof p.modified_before === 'string' ? instantFrom(p.modified_before, undefined, timezone) : undefined
    const perPage = p.per_page as number
    const page = p.page as number
    const terms = type === 'post' ? await termFilters(ctx) : {}
    const query: PostListQuery = {
      type,
      status: statuses,
      page,
      perPage,
      offset: p.offset as number | undefined,
      orderBy: ORDER_COLUMNS[p.orderby as string] ?? 'published_at',
      order: p.order as 'asc' | 'desc',
      publishedFrom: after ? new Date(Date.parse(after) + 1).toISOString() : undefined,
      publishedTo: before ?? undefined,
      excludeIds: (p.exclude as number[]).length ? (p.exclude as number[]) : undefined,
      filters: {
        search: typeof p.search === 'string' ? p.search : undefined,
        includeIds: (p.include as number[]).length ? (p.include as number[]) : undefined,
        slugs: Array.isArray(p.slug) && p.slug.length ? (p.slug as string[]) : undefined,
        authorIds: (p.author as number[]).length ? (p.author as number[]) : undefined,
        authorExcludeIds: (p.author_exclude as number[]).length ? (p.author_exclude as number[]) : undefined,
        parentIds: type === 'page' && (p.parent as number[]).length ? (p.parent as number[]) : undefined,
        parentExcludeIds: type === 'page' && (p.parent_exclude as number[]).length ? (p.parent_exclude as number[]) : undefined,
        sticky: typeof p.sticky === 'boolean' ? p.sticky : undefined,
        menuOrder: type === 'page' && typeof p.menu_order === 'number' ? p.menu_order : undefined,
        modifiedFrom: modifiedAfter ?? undefined,
        modifiedTo: modifiedBefore ?? undefined,
        ...terms,
      },
    }
    const ranked = ranksBySearch(p.search, p.orderby, ctx.sent.has('orderby'))
    // How many published posts a reader's list has is kept, as the site's lists keep theirs: counting walks the
    // whole index. Lists of other statuses change with edits nobody else sees, and are counted each time.
    const totalKey = !ranked && ctx.actor.kind === 'anonymous' && statuses.length === 1 && statuses[0] === 'publish' ? JSON.stringify({ ...query, page: 0, perPage: 0, offset: 0 }) : null
    const since = totals.generation
    const known = totalKey === null ? undefined : totals.get(totalKey)
    // Readers' JSON is kept per post version: a list of them reads only the versions, and the rows of posts not kept.
    if (ctx.context === 'view' && !ranked && p.orderby !== 'include_slugs') {
      const { heads, total } = await ctx.services.posts.listHeads({ ...query, total: known }, ctx.actor)
      if (totalKey !== null && known === undefined) totals.set(totalKey, total, since)
      checkPage(page, perPage, total)
      const ordered = p.orderby === 'include' ? orderByList(heads, p.include as number[], (x) => x.id) : heads
      return { body: await serializer.serializeView(ctx, ordered, options(ctx, 'view')), headers: collectionHeaders(ctx, base, total, perPage, page) }
    }
    const { posts, total } = ranked ? await rankedPostList(ctx.services, query, p.search as string, ctx.actor) : await ctx.services.posts.list({ ...query, total: known }, ctx.actor)
    if (totalKey !== null && known === undefined) totals.set(totalKey, total, since)
    checkPage(page, perPage, total)
    const ordered = p.orderby === 'include' ? orderByList(posts, p.include as number[], (x) => x.id) : p.orderby === 'include_slugs' && Array.isArray(p.slug) ? orderByList(posts, p.slug as string[], (x) => x.slug) : posts
    return { body: await show(ctx, ordered), headers: collectionHeaders(ctx, base, total, perPage, page) }
  }

  async function get(ctx: RestContext) {
    const post = await find(ctx, ctx.params.id as number)
    if (ctx.context === 'edit' && !canEditPost(ctx.actor, post)) throw forbidden(ctx.actor, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this post.')
    if (post.password && ctx.context !== 'edit' && ctx.sent.has('password') && ctx.params.password !== post.password) {
      throw new WpError('rest_post_incorrect_password', 'Incorrect post password.', 403)
    }
    return { body: (await show(ctx, [post]))[0] }
  }

  async function create(ctx: RestContext) {
    if (ctx.sent.has('id')) throw new WpError('rest_post_exists', 'Cannot create existing post.', 400)
    const post = await ctx.services.posts.create({ ...(await postInput(ctx, type)), type }, ctx.actor)
    return { status: 201, body: (await show(ctx, [post], 'edit'))[0], headers: { location: ctx.api(`${base}/${post.id}`) } }
  }

  async function update(ctx: RestContext) {
    const id = ctx.params.id as number
    await find(ctx, id)
    const post = await ctx.services.posts.update(id, await postInput(ctx, type), ctx.actor)
    return { body: (await show(ctx, [post], 'edit'))[0] }
  }

  async function remove(ctx: RestContext) {
    const id = ctx.params.id as number
    const post = await find(ctx, id)
    if (ctx.params.force === true) {
      const previous = (await show(ctx, [post], 'edit'))[0]
      await ctx.services.posts.remove(id, ctx.actor)
      return { body: { deleted: true, previous } }
    }
    if (post.status === 'trash') throw new WpError('rest_already_trashed', `The ${type} has already been deleted.`, 410)
    const trashed = await ctx.services.posts.trash(id, ctx.actor)
    return { body: (await show(ctx, [trashed], 'edit'))[0] }
  }

  const idArg = { id: { description: 'Unique identifier for the post.', type: 'integer' as const } }
  const errors: ErrorVocabulary = { ...postErrors, forbidden: ['rest_forbidden', `Sorry, you are not allowed to do that with ${plural}.`] }
  return [
    {
      pattern: base,
      namespace: 'wp/v2',
      schema,
      errors,
      endpoints: [
        { methods: READABLE, args: postCollectionArgs(type), handler: list },
        { methods: CREATABLE, args: postWriteArgs(type, false), handler: create, errors: { forbidden: ['rest_cannot_create', `Sorry, you are not allowed to create ${plural} as this user.`] } },
      ],
    },
    {
      pattern: `${base}/(?P<id>[\\d]+)`,
      namespace: 'wp/v2',
      schema,
      errors,
      endpoints: [
        { methods: READABLE, args: { ...idArg, context: contextArg(), password: { description: 'The password for the post if it is password protected.', type: 'string' } }, handler: get },
        { methods: EDITABLE, args: postWriteArgs(type, true), handler: update, errors: { forbidden: ['rest_cannot_edit', 'Sorry, you are not allowed to edit this post.'] } },
        { methods: DELETABLE, args: { ...idArg, force: { type: 'boolean', default: false, description: 'Whether to bypass Trash and force deletion.' } }, handler: remove, errors: { forbidden: ['rest_cannot_delete', 'Sorry, you are not allowed to delete this post.'] } },
      ],
    },
  ]
}

/** The statuses a list asks for, refused as WordPress refuses them when the asker may not see them. */
function statusesFor(ctx: RestContext, type: PostType, requested: string[]): string[] {
  const wanted = requested.includes('any') ? ALL_STATUSES : requested
  for (const status of wanted) {
    if (status === 'publish') continue
    const allowed = can(ctx.actor, capabilityFor(type, 'edit')) || (status === 'private' && can(ctx.actor, capabilityFor(type, 'read_private')))
    if (!allowed) throw invalidParam('status', 'Status is forbidden.', 'rest_forbidden_status')
  }
  // Statuses WordPress has and Pressroom does not (auto-draft, inherit, request-*) match nothing.
  return wanted.filter((s) => ALL_STATUSES.includes(s) || s === 'trash')
}

/** `categories`, `tags` and their `_exclude` forms as term groups for the posts service. */
async function termFilters(ctx: RestContext) {
  const p = ctx.params
  // Read only for `include_children`: most lists name no category at all.
  const categoryTree = () => ctx.memo('categories', () => ctx.services.terms.list('category'))
  const withChildren = async (ids: number[]) => {
    const tree = await categoryTree()
    const out = new Set(ids)
    for (let grew = true; grew; ) {
      grew = false
      for (const t of tree) if (t.parent_id !== null && out.has(t.parent_id) && !out.has(t.id)) (out.add(t.id), (grew = true))
    }
    return [...out]
  }
  const read = async (value: unknown, taxonomy: 'category' | 'post_tag') => {
    if (value === undefined) return null
    if (Array.isArray(value)) return { terms: value as number[], and: false }
    if (!isPlainObject(value)) return null
    const terms = (value.terms as number[] | undefined) ?? []
    return { terms: taxonomy === 'category' && value.include_children ? await withChildren(terms) : terms, and: value.operator === 'AND' }
  }
  const groups: number[][] = []
  const orGroup: number[] = []
  const or = p.tax_relation === 'OR'
  for (const [name, taxonomy] of [['categories', 'category'], ['tags', 'post_tag']] as const) {
    const q = await read(p[name], taxonomy)
    if (!q || !q.terms.length) continue
    if (q.and) groups.push(...q.terms.map((t) => [t]))
    else if (or) orGroup.push(...q.terms)
    else groups.push(q.terms)
  }
  if (orGroup.length) groups.push(orGroup)
  const excluded = [await read(p.categories_exclude, 'category'), await read(p.tags_exclude, 'post_tag')].flatMap((q) => q?.terms ?? [])
  return { termGroups: groups.length ? groups : undefined, excludeTermIds: excluded.length ? excluded : undefined }
}

function checkPage(page: number, perPage: number, total: number): void {
  if (page > Math.ceil(total / perPage) && total > 0) throw new WpError('rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.', 400)
}

function orderByList<T, K>(rows: T[], order: K[], key: (row: T) => K): T[] {
  const position = new Map(order.map((k, i) => [k, i]))
  return [...rows].sort((a, b) => (position.get(key(a)) ?? 0) - (position.get(key(b)) ?? 0))
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : isPlainObject(value) && typeof value.raw === 'string' ? value.raw : undefined

/** A request body as the posts service's input: WordPress's names mapped, zero meaning "none". */
export async function postInput(ctx: RestContext, type: PostType): Promise<PostInput> {
  const p = ctx.params
  const has = (name: string) => ctx.sent.has(name)
  const input: PostInput = {}
  if (has('title')) input.title = text(p.title) ?? ''
  if (has('content')) input.content = text(p.content) ?? ''
  if (has('excerpt')) input.excerpt = text(p.excerpt) ?? ''
  if (has('status')) input.status = p.status as string
  if (has('slug')) input.slug = p.slug as string
  if (has('password')) input.password = p.password as string
  if (has('author')) input.authorId = p.author as number
  if (has('featured_media')) input.featuredMediaId = (p.featured_media as number) || null
  if (has('comment_status')) input.commentStatus = p.comment_status as string
  if (type === 'post' && has('sticky')) input.sticky = p.sticky as boolean
  if (type === 'page' && has('menu_order')) input.menuOrder = p.menu_order as number
  if (type === 'page' && has('parent')) input.parentId = (p.parent as number) || null
  if (type === 'post' && has('categories')) input.categories = p.categories as number[]
  if (type === 'post' && has('tags')) input.tags = p.tags as number[]
  if (has('date') || has('date_gmt')) {
    const when = instantFrom(p.date, p.date_gmt, await ctx.services.settings.get('timezone'))
    if (when !== undefined) input.publishedAt = when
  }
  return input
}
