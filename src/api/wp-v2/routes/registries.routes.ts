import { capabilityFor } from '../../../content/index.js'
import { can } from '../../../users/index.js'
import { filterByContext } from '../fields.js'
import { CURIES, one } from '../links.js'
import { contextArg, READABLE, type RestContext, type RouteDef } from '../rest.js'
import { statusSchema, taxonomySchema, typeSchema } from '../schemas.js'
import { forbidden, WpError } from '../wp-errors.js'

const TYPES = {
  post: { name: 'Posts', hierarchical: false, icon: 'dashicons-admin-post', taxonomies: ['category', 'post_tag'], rest_base: 'posts' },
  page: { name: 'Pages', hierarchical: true, icon: 'dashicons-admin-page', taxonomies: [], rest_base: 'pages' },
  attachment: { name: 'Media', hierarchical: false, icon: 'dashicons-admin-media', taxonomies: [], rest_base: 'media' },
} as const

const TAXONOMIES = {
  category: { name: 'Categories', hierarchical: true, rest_base: 'categories' },
  post_tag: { name: 'Tags', hierarchical: false, rest_base: 'tags' },
} as const

const STATUSES = {
  publish: { name: 'Published', public: true, private: false, protected: false, queryable: true, date_floating: false },
  future: { name: 'Scheduled', public: false, private: false, protected: true, queryable: false, date_floating: false },
  draft: { name: 'Draft', public: false, private: false, protected: true, queryable: false, date_floating: true },
  pending: { name: 'Pending', public: false, private: false, protected: true, queryable: false, date_floating: true },
  private: { name: 'Private', public: false, private: true, protected: false, queryable: false, date_floating: false },
  trash: { name: 'Trash', public: false, private: false, protected: false, queryable: false, date_floating: false },
} as const

function typeView(ctx: RestContext, slug: keyof typeof TYPES) {
  const t = TYPES[slug]
  return filterByContext({
    capabilities: {}, description: '', hierarchical: t.hierarchical, has_archive: false, labels: { name: t.name }, name: t.name, slug, icon: t.icon, supports: {}, taxonomies: t.taxonomies, rest_base: t.rest_base, rest_namespace: 'wp/v2', viewable: true, visibility: { show_in_nav_menus: true, show_ui: true },
    _links: { collection: one(ctx.api('/wp/v2/types')), 'wp:items': one(ctx.api(`/wp/v2/${t.rest_base}`)), curies: CURIES },
  }, typeSchema, ctx.context)
}

function taxonomyView(ctx: RestContext, slug: keyof typeof TAXONOMIES) {
  const t = TAXONOMIES[slug]
  return filterByContext({
    name: t.name, slug, capabilities: {}, description: '', labels: { name: t.name }, types: ['post'], show_cloud: slug === 'post_tag', hierarchical: t.hierarchical, rest_base: t.rest_base, rest_namespace: 'wp/v2', visibility: { public: true, show_ui: true },
    _links: { collection: one(ctx.api('/wp/v2/taxonomies')), 'wp:items': one(ctx.api(`/wp/v2/${t.rest_base}`)), curies: CURIES },
  }, taxonomySchema, ctx.context)
}

function statusView(ctx: RestContext, slug: keyof typeof STATUSES) {
  const s = STATUSES[slug]
  return filterByContext({
    name: s.name, private: s.private, protected: s.protected, public: s.public, queryable: s.queryable, show_in_list: slug !== 'trash', slug, date_floating: s.date_floating,
    _links: { archives: one(ctx.api('/wp/v2/posts')) },
  }, statusSchema, ctx.context)
}

/** Readers see only the public status; writers see those they can use (WordPress shows `edit_posts` holders all). */
const visibleStatuses = (ctx: RestContext) => (Object.keys(STATUSES) as (keyof typeof STATUSES)[]).filter((s) => STATUSES[s].public || can(ctx.actor, capabilityFor('post', 'edit')))

const editOnly = (ctx: RestContext, what: string) => {
  if (ctx.context === 'edit' && !can(ctx.actor, 'edit_posts')) throw forbidden(ctx.actor, 'rest_cannot_view', `Sorry, you are not allowed to manage ${what}.`)
}

/** `types`, `taxonomies`, `statuses`: what kinds of content the site has. */
export function registryRoutes(): RouteDef[] {
  const ctxArgs = { context: contextArg() }
  return [
    {
      pattern: '/wp/v2/types', namespace: 'wp/v2', schema: typeSchema,
      endpoints: [{ methods: READABLE, args: ctxArgs, handler: async (ctx) => (editOnly(ctx, 'post types'), { body: Object.fromEntries((Object.keys(TYPES) as (keyof typeof TYPES)[]).map((t) => [t, typeView(ctx, t)])) }) }],
    },
    {
      pattern: '/wp/v2/types/(?P<type>[\\w-]+)', namespace: 'wp/v2', schema: typeSchema,
      endpoints: [{
        methods: READABLE, args: { type: { description: 'An alphanumeric identifier for the post type.', type: 'string' }, ...ctxArgs },
        handler: async (ctx) => {
          const slug = ctx.params.type as string
          if (!Object.hasOwn(TYPES, slug)) throw new WpError('rest_type_invalid', 'Invalid post type.', 404)
          editOnly(ctx, 'post types')
          return { body: typeView(ctx, slug as keyof typeof TYPES) }
        },
      }],
    },
    {
      pattern: '/wp/v2/statuses', namespace: 'wp/v2', schema: statusSchema,
      endpoints: [{ methods: READABLE, args: ctxArgs, handler: async (ctx) => (editOnly(ctx, 'post statuses'), { body: Object.fromEntries(visibleStatuses(ctx).map((s) => [s, statusView(ctx, s)])) }) }],
    },
    {
      pattern: '/wp/v2/statuses/(?P<status>[\\w-]+)', namespace: 'wp/v2', schema: statusSchema,
      endpoints: [{
        methods: READABLE, args: { status: { description: 'An alphanumeric identifier for the status.', type: 'string' }, ...ctxArgs },
        handler: async (ctx) => {
          const slug = ctx.params.status as string
          if (!Object.hasOwn(STATUSES, slug)) throw new WpError('rest_status_invalid', 'Invalid status.', 404)
          if (!visibleStatuses(ctx).includes(slug as keyof typeof STATUSES)) throw forbidden(ctx.actor, 'rest_cannot_read_status', 'Cannot view status.')
          return { body: statusView(ctx, slug as keyof typeof STATUSES) }
        },
      }],
    },
    {
      pattern: '/wp/v2/taxonomies', namespace: 'wp/v2', schema: taxonomySchema,
      endpoints: [{
        methods: READABLE, args: { ...ctxArgs, type: { description: 'Limit results to taxonomies associated with a specific post type.', type: 'string' } },
        handler: async (ctx) => {
          editOnly(ctx, 'terms in this taxonomy')
          const slugs = (Object.keys(TAXONOMIES) as (keyof typeof TAXONOMIES)[]).filter(() => ctx.params.type === undefined || ctx.params.type === 'post')
          return { body: Object.fromEntries(slugs.map((t) => [t, taxonomyView(ctx, t)])) }
        },
      }],
    },
    {
      pattern: '/wp/v2/taxonomies/(?P<taxonomy>[\\w-]+)', namespace: 'wp/v2', schema: taxonomySchema,
      endpoints: [{
        methods: READABLE, args: { taxonomy: { description: 'An alphanumeric identifier for the taxonomy.', type: 'string' }, ...ctxArgs },
        handler: async (ctx) => {
          const slug = ctx.params.taxonomy as string
          if (!Object.hasOwn(TAXONOMIES, slug)) throw new WpError('rest_taxonomy_invalid', 'Invalid taxonomy.', 404)
          editOnly(ctx, 'terms in this taxonomy')
          return { body: taxonomyView(ctx, slug as keyof typeof TAXONOMIES) }
        },
      }],
    },
  ]
}
