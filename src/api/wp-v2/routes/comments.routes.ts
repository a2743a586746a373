import { canModerate } from '../../../comments/index.js'
import type { CommentRow, PostRow } from '../../../db/index.js'
import { can, systemActor } from '../../../users/index.js'
import type { Args } from '../args.js'
import { collectionHeaders } from '../links.js'
import { isPlainObject } from '../query-string.js'
import { contextArg, CREATABLE, DELETABLE, EDITABLE, READABLE, type RestContext, type RouteDef } from '../rest.js'
import { commentSchema } from '../schemas.js'
import { OUR_COMMENT_STATUS, serializeComments } from '../serializers/comment.js'
import { type ErrorVocabulary, forbidden, WpError } from '../wp-errors.js'
import { pagingArgs } from './post-args.js'

const invalidComment = () => new WpError('rest_comment_invalid_id', 'Invalid comment ID.', 404)

const commentErrors: ErrorVocabulary = {
  notFound: { comment_not_found: ['rest_comment_invalid_id', 'Invalid comment ID.'], post_not_found: ['rest_post_invalid_id', 'Invalid post ID.'] },
  codes: {
    comments_closed: ['rest_comment_closed', 403],
    comment_login_required: 'rest_comment_login_required',
    invalid_comment_post: 'rest_comment_invalid_post_id',
    invalid_comment_parent: 'rest_comment_invalid_parent',
    require_name_email: 'rest_comment_author_data_required',
    comment_duplicate: 'comment_duplicate',
    comment_flood: 'comment_flood',
    empty_comment: 'rest_comment_content_invalid',
    invalid_comment_status: 'rest_comment_invalid_status',
  },
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : isPlainObject(v) && typeof v.raw === 'string' ? v.raw : undefined)

/** `comments`: readers see approved comments on what they may read; moderators see and change the rest. */
export function commentRoutes(): RouteDef[] {
  const listArgs: Args = {
    ...pagingArgs(),
    after: { description: 'Limit response to comments published after a given ISO8601 compliant date.', type: 'string', format: 'date-time' },
    author: { description: 'Limit result set to comments assigned to specific user IDs. Requires authorization.', type: 'array', items: { type: 'integer' } },
    author_exclude: { description: 'Ensure result set excludes comments assigned to specific user IDs. Requires authorization.', type: 'array', items: { type: 'integer' } },
    author_email: { default: null, description: 'Limit result set to that from a specific author email. Requires authorization.', format: 'email', type: 'string' },
    before: { description: 'Limit response to comments published before a given ISO8601 compliant date.', type: 'string', format: 'date-time' },
    exclude: { description: 'Ensure result set excludes specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    include: { description: 'Limit result set to specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    offset: { description: 'Offset the result set by a specific number of items.', type: 'integer' },
    order: { description: 'Order sort attribute ascending or descending.', type: 'string', default: 'desc', enum: ['asc', 'desc'] },
    orderby: { description: 'Sort collection by comment attribute.', type: 'string', default: 'date_gmt', enum: ['date', 'date_gmt', 'id', 'include', 'post', 'parent', 'type'] },
    parent: { default: [], description: 'Limit result set to comments of specific parent IDs.', type: 'array', items: { type: 'integer' } },
    parent_exclude: { default: [], description: 'Ensure result set excludes specific parent IDs.', type: 'array', items: { type: 'integer' } },
    post: { default: [], description: 'Limit result set to comments assigned to specific post IDs.', type: 'array', items: { type: 'integer' } },
    status: { default: 'approve', description: 'Limit result set to comments assigned a specific status. Requires authorization.', type: 'string' },
    type: { default: 'comment', description: 'Limit result set to comments assigned a specific type. Requires authorization.', type: 'string' },
  }
  const writeArgs = (update: boolean): Args => ({
    ...(update ? { id: { description: 'Unique identifier for the comment.', type: 'integer' } } : {}),
    author: { description: 'The ID of the user object, if author was a user.', type: 'integer' },
    author_email: { description: 'Email address for the comment author.', type: 'string', format: 'email' },
    author_ip: { description: 'IP address for the comment author.', type: 'string', format: 'ip' },
    author_name: { description: 'Display name for the comment author.', type: 'string' },
    author_url: { description: 'URL for the comment author.', type: 'string', format: 'uri' },
    author_user_agent: { description: 'User agent for the comment author.', type: 'string' },
    content: { description: 'The content for the comment.', type: 'object', properties: { raw: { type: 'string', context: ['edit'] }, rendered: { type: 'string', context: ['view', 'edit', 'embed'], readonly: true } }, validate: false },
    parent: { description: 'The ID for the parent of the comment.', type: 'integer', ...(update ? {} : { default: 0 }) },
    post: { description: 'The ID of the associated post object.', type: 'integer', ...(update ? {} : { default: 0 }) },
    status: { description: 'State of the comment.', type: 'string' },
  })

  /** The posts of some comments that the asker may read (others stay out of the map). */
  async function postsOf(ctx: RestContext, ids: readonly number[]): Promise<Map<number, PostRow>> {
    const out = new Map<number, PostRow>()
    for (const id of new Set(ids)) {
      try {
        out.set(id, await ctx.services.posts.get(id, ctx.actor))
      } catch {
        // A post the asker may not read keeps its comments hidden.
      }
    }
    return out
  }

  const moderates = (ctx: RestContext) => (post: PostRow | undefined) => !!post && canModerate(ctx.actor, post)

  async function show(ctx: RestContext, rows: CommentRow[], context = ctx.context) {
    const posts = await postsOf(ctx, rows.map((r) => r.post_id))
    return serializeComments(ctx, rows, posts, context, moderates(ctx))
  }

  /** A comment the asker may see: approved on a readable post, or any for its moderators. */
  async function find(ctx: RestContext, id: number): Promise<CommentRow> {
    let comment: CommentRow
    try {
      comment = await ctx.services.comments.get(id, ctx.actor)
      return comment
    } catch (err) {
      if ((err as { code?: string }).code === 'comment_not_found') throw invalidComment()
    }
    // Readers may see a published comment; reading it goes through the operator so the visibility rule is applied here.
    comment = await ctx.services.comments.get(id, systemActor)
    const posts = await postsOf(ctx, [comment.post_id])
    if (comment.status !== 'approved' || !posts.has(comment.post_id)) throw forbidden(ctx.actor, 'rest_cannot_read', 'Sorry, you are not allowed to read this comment.')
    return comment
  }

  async function list(ctx: RestContext) {
    const p = ctx.params
    const status = OUR_COMMENT_STATUS[String(p.status)] ?? (p.status === 'all' ? undefined : String(p.status))
    // WordPress's `all` is what is neither spam nor in the trash (WP_Comment_Query's 'all').
    const everything = p.status === 'all'
    const moderator = can(ctx.actor, 'moderate_comments') || (ctx.actor.kind === 'user' && can(ctx.actor, 'edit_published_posts'))
    if (ctx.context === 'edit' && !moderator) throw forbidden(ctx.actor, 'rest_forbidden_context', 'Sorry, you are not allowed to edit comments.')
    if (!moderator) {
      for (const name of ['author', 'author_exclude', 'author_email', 'type', 'status'] as const) {
        const empty = Array.isArray(p[name]) && !(p[name] as unknown[]).length
        if (ctx.sent.has(name) && !empty && !(name === 'status' && status === 'approved') && !(name === 'type' && p.type === 'comment')) throw forbidden(ctx.actor, 'rest_forbidden_param', `Query parameter not permitted: ${name}`)
      }
    }
    const postIds = p.post as number[]
    const perPage = p.per_page as number
    const page = p.page as number
    const offset = (typeof p.offset === 'number' ? p.offset : 0) + (page - 1) * perPage
    let rows: CommentRow[]
    if (postIds.length) {
      const readable = await postsOf(ctx, postIds)
      rows = []
      for (const post of readable.values()) {
        rows.push(...(moderator && canModerate(ctx.actor, post) ? await ctx.services.comments.list({ postId: post.id, status, limit: 10_000 }, ctx.actor) : await ctx.services.comments.approvedFor(post.id)))
      }
    } else if (moderator) {
      rows = await ctx.services.comments.list({ status, search: typeof p.search === 'string' ? p.search : undefined, limit: 10_000 }, ctx.actor)
    } else {
      // Every approved comment, then only those on posts this reader may read.
      const approved = await ctx.services.comments.list({ status: 'approved', limit: 10_000 }, systemActor)
      const readable = await postsOf(ctx, approved.map((c) => c.post_id))
      rows = approved.filter((c) => readable.has(c.post_id))
    }
    const include = p.include as number[]
    const exclude = new Set(p.exclude as number[])
    const parents = p.parent as number[]
    const parentsExcluded = new Set(p.parent_exclude as number[])
    const authors = Array.isArray(p.author) ? (p.author as number[]) : []
    const authorsExcluded = new Set(Array.isArray(p.author_exclude) ? (p.author_exclude as number[]) : [])
    const after = typeof p.after === 'string' ? Date.parse(p.after) : null
    const before = typeof p.before === 'string' ? Date.parse(p.before) : null
    const search = typeof p.search === 'string' ? p.search.toLowerCase() : ''
    rows = rows.filter((c) =>
      (!include.length || include.includes(c.id)) && !exclude.has(c.id) && (!parents.length || parents.includes(c.parent_id ?? 0)) && !parentsExcluded.has(c.parent_id ?? 0) &&
      (!authors.length || authors.includes(c.user_id ?? 0)) && !authorsExcluded.has(c.user_id ?? 0) &&
      (after === null || Date.parse(c.created_at) > after) && (before === null || Date.parse(c.created_at) < before) &&
      (!search || c.content.toLowerCase().includes(search) || c.author_name.toLowerCase().includes(search)) &&
      (typeof p.author_email !== 'string' || c.author_email === p.author_email.toLowerCase()) && (status ? c.status === status : !everything || c.status === 'approved' || c.status === 'pending'))
    const dir = p.order === 'asc' ? 1 : -1
    const key = p.orderby === 'id' ? (c: CommentRow) => c.id : p.orderby === 'post' ? (c: CommentRow) => c.post_id : p.orderby === 'parent' ? (c: CommentRow) => c.parent_id ?? 0 : p.orderby === 'include' ? (c: CommentRow) => include.indexOf(c.id) : (c: CommentRow) => c.created_at
    rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * dir)
    const total = rows.length
    if (page > Math.ceil(total / perPage) && total > 0) throw new WpError('rest_comment_invalid_page_number', 'The page number requested is larger than the number of pages available.', 400)
    return { body: await show(ctx, rows.slice(offset, offset + perPage)), headers: collectionHeaders(ctx, '/wp/v2/comments', total, perPage, page) }
  }

  async function create(ctx: RestContext) {
    const p = ctx.params
    if (ctx.sent.has('id')) throw new WpError('rest_comment_exists', 'Cannot create existing comment.', 400)
    if (!p.post) throw forbidden(ctx.actor, 'rest_comment_invalid_post_id', 'Sorry, you are not allowed to create this comment without a post.')
    const input = {
      postId: p.post as number,
      parentId: (p.parent as number) || null,
      content: text(p.content) ?? '',
      authorName: p.author_name as string | undefined,
      authorEmail: p.author_email as string | undefined,
      authorUrl: p.author_url as string | undefined,
      authorIp: ctx.request.ip,
      authorUserAgent: ctx.request.headers['user-agent'] ?? '',
    }
    let row: CommentRow
    if (ctx.sent.has('status')) {
      const status = OUR_COMMENT_STATUS[String(p.status)]
      if (!status) throw new WpError('rest_comment_invalid_status', `Unknown comment status "${String(p.status)}".`, 400)
      row = await ctx.services.comments.create({ ...input, status, authorIp: (p.author_ip as string | undefined) ?? input.authorIp }, ctx.actor)
    } else {
      row = await ctx.services.comments.submit(input, ctx.actor)
    }
    return { status: 201, body: (await show(ctx, [row], 'edit'))[0], headers: { location: ctx.api(`/wp/v2/comments/${row.id}`) } }
  }

  async function update(ctx: RestContext) {
    const p = ctx.params
    const id = p.id as number
    await find(ctx, id)
    let status: string | undefined
    if (ctx.sent.has('status')) {
      status = OUR_COMMENT_STATUS[String(p.status)]
      if (!status) throw new WpError('rest_comment_invalid_status', `Unknown comment status "${String(p.status)}".`, 400)
    }
    const row = await ctx.services.comments.update(id, {
      content: ctx.sent.has('content') ? (text(p.content) ?? '') : undefined,
      authorName: p.author_name as string | undefined,
      authorEmail: p.author_email as string | undefined,
      authorUrl: p.author_url as string | undefined,
      status,
    }, ctx.actor)
    return { body: (await show(ctx, [row], 'edit'))[0] }
  }

  async function remove(ctx: RestContext) {
    const id = ctx.params.id as number
    const comment = await find(ctx, id)
    const previous = (await show(ctx, [comment], 'edit'))[0]
    if (ctx.params.force === true) {
      await ctx.services.comments.remove(id, ctx.actor)
      return { body: { deleted: true, previous } }
    }
    if (comment.status === 'trash') throw new WpError('rest_already_trashed', 'The comment has already been trashed.', 410)
    const trashed = await ctx.services.comments.trash(id, ctx.actor)
    return { body: (await show(ctx, [trashed], 'edit'))[0] }
  }

  const idArg = { id: { description: 'Unique identifier for the comment.', type: 'integer' as const } }
  return [
    {
      pattern: '/wp/v2/comments', namespace: 'wp/v2', schema: commentSchema, errors: commentErrors,
      endpoints: [
        { methods: READABLE, args: listArgs, handler: list },
        { methods: CREATABLE, args: writeArgs(false), handler: create, errors: { forbidden: ['rest_comment_login_required', 'Sorry, you must be logged in to comment.'] } },
      ],
    },
    {
      pattern: '/wp/v2/comments/(?P<id>[\\d]+)', namespace: 'wp/v2', schema: commentSchema, errors: commentErrors,
      endpoints: [
        {
          methods: READABLE, args: { ...idArg, context: contextArg(), password: { description: 'The password for the parent post of the comment (if the post is password protected).', type: 'string' } },
          handler: async (ctx) => {
            const comment = await find(ctx, ctx.params.id as number)
            const posts = await postsOf(ctx, [comment.post_id])
            if (ctx.context === 'edit' && !moderates(ctx)(posts.get(comment.post_id))) throw forbidden(ctx.actor, 'rest_forbidden_context', 'Sorry, you are not allowed to edit this comment.')
            return { body: (await serializeComments(ctx, [comment], posts, ctx.context, moderates(ctx)))[0] }
          },
        },
        { methods: EDITABLE, args: writeArgs(true), handler: update, errors: { forbidden: ['rest_cannot_edit', 'Sorry, you are not allowed to edit this comment.'] } },
        { methods: DELETABLE, args: { ...idArg, force: { type: 'boolean', default: false, description: 'Whether to bypass Trash and force deletion.' }, password: { description: 'The password for the parent post of the comment (if the post is password protected).', type: 'string' } }, handler: remove, errors: { forbidden: ['rest_cannot_delete', 'Sorry, you are not allowed to delete this comment.'] } },
      ],
    },
  ]
}
