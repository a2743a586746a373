import { can, type User } from '../../../users/index.js'
import type { Args } from '../args.js'
import { collectionHeaders } from '../links.js'
import { contextArg, CREATABLE, DELETABLE, EDITABLE, READABLE, type RestContext, type RouteDef } from '../rest.js'
import { userSchema } from '../schemas.js'
import { serializeUser } from '../serializers/basic.js'
import { type ErrorVocabulary, forbidden, WpError } from '../wp-errors.js'
import { pagingArgs } from './post-args.js'

const userErrors: ErrorVocabulary = {
  notFound: { user_not_found: ['rest_user_invalid_id', 'Invalid user ID.'] },
  codes: { existing_user_email: 'existing_user_email', existing_user_login: 'existing_user_login', invalid_email: 'rest_invalid_email', invalid_username: 'rest_invalid_username', invalid_role: 'rest_user_invalid_role', weak_password: 'rest_user_invalid_password', last_administrator: 'rest_user_invalid_role' },
}

/** WordPress answers an email another user has with 400 `rest_user_invalid_email` on update. */
const editCodes = { ...userErrors.codes, existing_user_email: ['rest_user_invalid_email', 400] as [string, number], invalid_display_name: 'rest_invalid_param', invalid_url: 'rest_invalid_param' }

const ORDER: Record<string, (u: User) => string | number> = {
  id: (u) => u.id, name: (u) => u.display_name.toLowerCase(), registered_date: (u) => u.registered_at, slug: (u) => u.login, email: (u) => u.email, url: (u) => u.url,
}

/** `users` and `users/me`: authors are public, everything else is for those who may list or edit users. */
export function userRoutes(): RouteDef[] {
  const listArgs: Args = {
    ...pagingArgs(),
    exclude: { description: 'Ensure result set excludes specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    include: { description: 'Limit result set to specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    offset: { description: 'Offset the result set by a specific number of items.', type: 'integer' },
    order: { default: 'asc', description: 'Order sort attribute ascending or descending.', enum: ['asc', 'desc'], type: 'string' },
    orderby: { default: 'name', description: 'Sort collection by user attribute.', enum: ['id', 'include', 'name', 'registered_date', 'slug', 'include_slugs', 'email', 'url'], type: 'string' },
    slug: { description: 'Limit result set to users with one or more specific slugs.', type: 'array', items: { type: 'string' } },
    roles: { description: 'Limit result set to users matching at least one specific role provided. Accepts csv list or single role.', type: 'array', items: { type: 'string' } },
    who: { description: 'Limit result set to users who are considered authors.', type: 'string', enum: ['authors'] },
  }
  const writeArgs = (create: boolean): Args => ({
    username: { description: 'Login name for the user.', type: 'string', ...(create ? { required: true } : {}) },
    name: { description: 'Display name for the user.', type: 'string' },
    email: { description: 'The email address for the user.', type: 'string', format: 'email', ...(create ? { required: true } : {}) },
    url: { description: 'URL of the user.', type: 'string', format: 'uri' },
    roles: { description: 'Roles assigned to the user.', type: 'array', items: { type: 'string' } },
    password: { description: 'Password for the user (never included).', type: 'string', ...(create ? { required: true } : {}) },
  })

  async function visible(ctx: RestContext, id: number): Promise<User> {
    const user = await ctx.services.users.get(id)
    if (ctx.actor.kind === 'user' && ctx.actor.userId === id) return user
    if (can(ctx.actor, 'list_users')) return user
    if (ctx.context === 'edit') throw forbidden(ctx.actor, 'rest_user_cannot_view', 'Sorry, you are not allowed to list users.')
    const published = await ctx.memo('published-authors', () => ctx.services.users.listPublished())
    if (!published.some((u) => u.id === id)) throw forbidden(ctx.actor, 'rest_user_cannot_view', 'Sorry, you are not allowed to list users.')
    return user
  }

  const editContext = (ctx: RestContext, user: User) =>
    ctx.context === 'edit' && !(can(ctx.actor, 'edit_users') || (ctx.actor.kind === 'user' && ctx.actor.userId === user.id))

  async function list(ctx: RestContext) {
    const p = ctx.params
    const mayList = can(ctx.actor, 'list_users')
    if (ctx.context === 'edit' && !mayList) throw forbidden(ctx.actor, 'rest_forbidden_context', 'Sorry, you are not allowed to list users.')
    if (ctx.sent.has('roles') && !mayList) throw forbidden(ctx.actor, 'rest_user_cannot_view', 'Sorry, you are not allowed to filter users by role.')
    let users = mayList ? await ctx.services.users.list(ctx.actor) : p.who === 'authors' && can(ctx.actor, 'edit_posts') ? await ctx.services.users.listAuthors(ctx.actor) : await ctx.services.users.listPublished()
    const search = typeof p.search === 'string' ? p.search.toLowerCase() : ''
    const include = p.include as number[]
    const exclude = new Set(p.exclude as number[])
    const slugs = Array.isArray(p.slug) ? (p.slug as string[]) : []
    const roles = Array.isArray(p.roles) ? (p.roles as string[]) : []
    users = users.filter((u) =>
      (!search || u.display_name.toLowerCase().includes(search) || u.login.toLowerCase().includes(search) || (mayList && u.email.includes(search))) &&
      (!include.length || include.includes(u.id)) && !exclude.has(u.id) && (!slugs.length || slugs.includes(u.login)) &&
      (!roles.length || roles.includes(u.role)) && (p.who !== 'authors' || u.role !== 'subscriber'))
    const key = p.orderby === 'include' ? (u: User) => include.indexOf(u.id) : p.orderby === 'include_slugs' ? (u: User) => slugs.indexOf(u.login) : (ORDER[p.orderby as string] ?? ORDER.name!)
    const dir = p.order === 'desc' ? -1 : 1
    users.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * dir)
    const perPage = p.per_page as number
    const page = p.page as number
    const offset = (typeof p.offset === 'number' ? p.offset : 0) + (page - 1) * perPage
    const total = users.length
    if (page > Math.ceil(total / perPage) && total > 0) throw new WpError('rest_user_invalid_page_number', 'The page number requested is larger than the number of pages available.', 400)
    return { body: users.slice(offset, offset + perPage).map((u) => serializeUser(ctx, u, ctx.context)), headers: collectionHeaders(ctx, '/wp/v2/users', total, perPage, page) }
  }

  async function update(ctx: RestContext, id: number) {
    const p = ctx.params
    let user = await ctx.services.users.get(id)
    if (ctx.sent.has('username') && p.username !== user.login) throw new WpError('rest_user_invalid_argument', "Username isn't editable.", 400)
    if (['name', 'email', 'url'].some((f) => ctx.sent.has(f))) {
      user = await ctx.services.users.update(id, { displayName: p.name as string | undefined, email: p.email as string | undefined, url: p.url as string | undefined }, ctx.actor)
    }
    if (ctx.sent.has('password')) user = await ctx.services.users.setPassword(id, ctx.params.password as string, ctx.actor)
    const roles = ctx.params.roles as string[] | undefined
    if (roles?.length) user = await ctx.services.users.setRole(id, roles[0]!, ctx.actor)
    return { body: serializeUser(ctx, user, 'edit') }
  }

  /** WordPress's delete: no trash for users, and their posts go to `reassign` (or `false` when they have none). */
  async function remove(ctx: RestContext) {
    const id = ctx.params.id as number
    if (ctx.params.force !== true) throw new WpError('rest_trash_not_supported', "Users do not support trashing. Set 'force' to true to delete.", 501)
    const raw = ctx.params.reassign
    let reassign: number | null
    if (raw === false || raw === '' || raw === 'false') reassign = null
    else if ((typeof raw === 'number' || typeof raw === 'string') && /^\d+$/.test(String(raw)) && Number(raw) > 0) reassign = Number(raw)
    else throw new WpError('rest_user_invalid_reassign', 'Invalid user ID for reassignment.', 400)
    const previous = serializeUser(ctx, await ctx.services.users.get(id), 'edit')
    await ctx.services.users.remove(id, reassign, ctx.actor)
    return { body: { deleted: true, previous } }
  }

  const me = async (ctx: RestContext) => {
    if (ctx.actor.kind !== 'user') throw new WpError('rest_not_logged_in', 'You are not currently logged in.', 401)
    return ctx.actor.userId
  }

  return [
    {
      pattern: '/wp/v2/users',
      namespace: 'wp/v2',
      schema: userSchema,
      errors: userErrors,
      endpoints: [
        { methods: READABLE, args: listArgs, handler: list },
        {
          methods: CREATABLE,
          args: writeArgs(true),
          errors: { forbidden: ['rest_cannot_create_user', 'Sorry, you are not allowed to create new users.'] },
          handler: async (ctx) => {
            const p = ctx.params
            const user = await ctx.services.users.create({ login: p.username as string, email: p.email as string, displayName: (p.name as string | undefined) || (p.username as string), role: (p.roles as string[] | undefined)?.[0] ?? 'subscriber', password: p.password as string, url: p.url as string | undefined }, ctx.actor)
            return { status: 201, body: serializeUser(ctx, user, 'edit'), headers: { location: ctx.api(`/wp/v2/users/${user.id}`) } }
          },
        },
      ],
    },
    {
      pattern: '/wp/v2/users/(?P<id>[\\d]+)',
      namespace: 'wp/v2',
      schema: userSchema,
      errors: userErrors,
      endpoints: [
        {
          methods: READABLE,
          args: { id: { description: 'Unique identifier for the user.', type: 'integer' }, context: contextArg() },
          handler: async (ctx) => {
            const user = await visible(ctx, ctx.params.id as number)
            if (editContext(ctx, user)) throw forbidden(ctx.actor, 'rest_user_cannot_view', 'Sorry, you are not allowed to list users.')
            return { body: serializeUser(ctx, user, ctx.context) }
          },
        },
        { methods: EDITABLE, args: { id: { description: 'Unique identifier for the user.', type: 'integer' }, ...writeArgs(false) }, errors: { forbidden: ['rest_cannot_edit', 'Sorry, you are not allowed to edit this user.'], codes: editCodes }, handler: (ctx) => update(ctx, ctx.params.id as number) },
        {
          methods: DELETABLE,
          args: {
            id: { description: 'Unique identifier for the user.', type: 'integer' },
            force: { type: 'boolean', default: false, description: 'Required to be true, as users do not support trashing.' },
            // WordPress's check_reassign(): an id, or false (also '' and 'false') for a user with nothing to give.
            reassign: { type: 'integer', description: "Reassign the deleted user's posts and links to this user ID.", required: true, validate: false },
          },
          errors: {
            forbidden: ['rest_user_cannot_delete', 'Sorry, you are not allowed to delete this user.'],
            codes: { invalid_reassign: ['rest_user_invalid_reassign', 400], reassign_required: ['rest_user_invalid_reassign', 400], last_administrator: 'rest_user_cannot_delete_last_administrator', cannot_delete_self: 'rest_user_cannot_delete_self' },
          },
          handler: remove,
        },
      ],
    },
    {
      pattern: '/wp/v2/users/me',
      namespace: 'wp/v2',
      schema: userSchema,
      errors: userErrors,
      endpoints: [
        { methods: READABLE, args: { context: contextArg() }, handler: async (ctx) => ({ body: serializeUser(ctx, await ctx.services.users.get(await me(ctx)), ctx.context) }) },
        { methods: EDITABLE, args: writeArgs(false), errors: { forbidden: ['rest_cannot_edit', 'Sorry, you are not allowed to edit this user.'], codes: editCodes }, handler: async (ctx) => update(ctx, await me(ctx)) },
      ],
    },
  ]
}
