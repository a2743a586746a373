import type { AppPasswordInfo } from '../../../users/index.js'
import { one } from '../links.js'
import { contextArg, CREATABLE, DELETABLE, EDITABLE, READABLE, type RestContext, type RouteDef } from '../rest.js'
import type { Schema } from '../args.js'
import { type ErrorVocabulary, WpError } from '../wp-errors.js'

const BASE = '/wp/v2/users/(?P<user_id>(?:[\\d]+|me))/application-passwords'

const appPasswordSchema: Schema & { $schema: string; title: string } = {
  $schema: 'http://json-schema.org/draft-04/schema#',
  title: 'application-password',
  type: 'object',
  properties: {
    uuid: { description: 'The unique identifier for the application password.', type: 'string', format: 'uuid', context: ['view', 'edit', 'embed'], readonly: true },
    app_id: { description: 'A UUID provided by the application to uniquely identify it. It is recommended to use an UUID v5 with the URL or DNS namespace.', type: 'string', format: 'uuid', context: ['view', 'edit', 'embed'] },
    name: { description: 'The name of the application password.', type: 'string', minLength: 1, context: ['view', 'edit', 'embed'] },
    password: { description: 'The generated password. Only available after adding an application.', type: 'string', context: ['edit'], readonly: true },
    created: { description: 'The GMT date the application password was created.', type: 'string', format: 'date-time', context: ['view', 'edit'], readonly: true },
    last_used: { description: 'The GMT date the application password was last used.', type: ['string', 'null'], format: 'date-time', context: ['view', 'edit'], readonly: true },
    last_ip: { description: 'The IP address the application password was last used by.', type: ['string', 'null'], format: 'ip', context: ['view', 'edit'], readonly: true },
  },
}

const errors: ErrorVocabulary = {
  notFound: {
    user_not_found: ['rest_user_invalid_id', 'Invalid user ID.'],
    application_password_not_found: ['rest_application_password_not_found', 'Application password not found.'],
  },
  codes: { application_password_duplicate_name: 'application_password_duplicate_name', application_password_empty_name: 'rest_missing_callback_param' },
}

const gmt = (iso: string | null) => (iso ? iso.slice(0, 19) : null)

/** WordPress 5.6's application passwords of a user (`me` or an id): the owner's own, or anyone's for those who may edit users. */
export function appPasswordRoutes(): RouteDef[] {
  async function userIdOf(ctx: RestContext): Promise<number> {
    const ref = String(ctx.params.user_id)
    if (ref === 'me') {
      if (ctx.actor.kind !== 'user') throw new WpError('rest_not_logged_in', 'You are not currently logged in.', 401)
      return ctx.actor.userId
    }
    const id = Number(ref)
    if (ctx.actor.kind === 'anonymous') throw new WpError('rest_cannot_manage_application_passwords', 'Sorry, you are not allowed to manage application passwords for this user.', 401)
    await ctx.services.users.get(id)
    return id
  }

  const show = (ctx: RestContext, userId: number, p: AppPasswordInfo, password?: string) => ({
    uuid: p.uuid,
    app_id: '',
    name: p.name,
    ...(password ? { password } : {}),
    created: gmt(p.created_at),
    last_used: gmt(p.last_used_at),
    last_ip: p.last_ip || null,
    _links: { self: one(ctx.api(`/wp/v2/users/${userId}/application-passwords/${p.uuid}`)) },
  })

  // The user and the uuid come from the URL: WordPress declares no argument for them, and neither does this.
  const userArg = {}
  const uuidArgs = {}
  const manage = (verb: string): ErrorVocabulary => ({ forbidden: [`rest_cannot_${verb}_application_passwords`, `Sorry, you are not allowed to ${verb} application passwords for this user.`] })

  return [
    {
      pattern: BASE,
      namespace: 'wp/v2',
      schema: appPasswordSchema,
      errors,
      endpoints: [
        {
          methods: READABLE,
          args: { ...userArg, context: contextArg() },
          errors: manage('list'),
          handler: async (ctx) => {
            const id = await userIdOf(ctx)
            return { body: (await ctx.services.appPasswords.list(id, ctx.actor)).map((p) => show(ctx, id, p)) }
          },
        },
        {
          methods: CREATABLE,
          args: { ...userArg, name: { ...appPasswordSchema.properties!.name!, required: true }, app_id: appPasswordSchema.properties!.app_id! },
          errors: manage('create'),
          handler: async (ctx) => {
            const id = await userIdOf(ctx)
            const { password, info } = await ctx.services.appPasswords.create(id, ctx.params.name as string, ctx.actor)
            return { status: 201, body: show(ctx, id, info, password), headers: { location: ctx.api(`/wp/v2/users/${id}/application-passwords/${info.uuid}`) } }
          },
        },
        {
          methods: DELETABLE,
          args: userArg,
          errors: manage('delete'),
          handler: async (ctx) => {
            const id = await userIdOf(ctx)
            return { body: { deleted: true, count: await ctx.services.appPasswords.revokeAll(id, ctx.actor) } }
          },
        },
      ],
    },
    {
      pattern: `${BASE}/(?P<uuid>[\\w\\-]+)`,
      namespace: 'wp/v2',
      schema: appPasswordSchema,
      errors,
      endpoints: [
        {
          methods: READABLE,
          args: { ...uuidArgs, context: contextArg() },
          errors: manage('read'),
          handler: async (ctx) => {
            const id = await userIdOf(ctx)
            return { body: show(ctx, id, await ctx.services.appPasswords.get(id, String(ctx.params.uuid), ctx.actor)) }
          },
        },
        {
          methods: EDITABLE,
          args: { ...uuidArgs, name: appPasswordSchema.properties!.name!, app_id: appPasswordSchema.properties!.app_id! },
          errors: manage('edit'),
          handler: async (ctx) => {
            const id = await userIdOf(ctx)
            const uuid = String(ctx.params.uuid)
            const info = ctx.sent.has('name') ? await ctx.services.appPasswords.rename(id, uuid, ctx.params.name as string, ctx.actor) : await ctx.services.appPasswords.get(id, uuid, ctx.actor)
            return { body: show(ctx, id, info) }
          },
        },
        {
          methods: DELETABLE,
          args: uuidArgs,
          errors: manage('delete'),
          handler: async (ctx) => {
            const id = await userIdOf(ctx)
            const uuid = String(ctx.params.uuid)
            const previous = show(ctx, id, await ctx.services.appPasswords.get(id, uuid, ctx.actor))
            await ctx.services.appPasswords.revoke(id, uuid, ctx.actor)
            return { body: { deleted: true, previous } }
          },
        },
      ],
    },
  ]
}
