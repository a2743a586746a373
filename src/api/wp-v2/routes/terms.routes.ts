import type { TermRow } from '../../../db/index.js'
import type { Args } from '../args.js'
import { collectionHeaders } from '../links.js'
import { contextArg, CREATABLE, DELETABLE, EDITABLE, READABLE, type RestContext, type RouteDef } from '../rest.js'
import { categorySchema, tagSchema } from '../schemas.js'
import { serializeTerms, TERM_BASE } from '../serializers/basic.js'
import { type ErrorVocabulary, WpError } from '../wp-errors.js'
import { pagingArgs } from './post-args.js'

const invalidTerm = () => new WpError('rest_term_invalid', 'Term does not exist.', 404)

const termErrors: ErrorVocabulary = {
  notFound: { term_not_found: ['rest_term_invalid', 'Term does not exist.'], post_not_found: ['rest_post_invalid_id', 'Invalid post ID.'] },
  codes: { term_exists: 'term_exists', duplicate_term_slug: 'duplicate_term_slug', invalid_term_parent: 'rest_term_invalid' },
}

/** `categories` and `tags`: the terms service behind WordPress's term routes. */
export function termRoutes(taxonomy: 'category' | 'post_tag'): RouteDef[] {
  const base = `/wp/v2/${TERM_BASE[taxonomy]}`
  const hierarchical = taxonomy === 'category'
  const schema = hierarchical ? categorySchema : tagSchema

  const listArgs: Args = {
    ...pagingArgs(),
    exclude: { description: 'Ensure result set excludes specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    include: { description: 'Limit result set to specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    ...(hierarchical ? {} : { offset: { description: 'Offset the result set by a specific number of items.', type: 'integer' } }),
    order: { description: 'Order sort attribute ascending or descending.', type: 'string', default: 'asc', enum: ['asc', 'desc'] },
    orderby: { description: 'Sort collection by term attribute.', type: 'string', default: 'name', enum: ['id', 'include', 'name', 'slug', 'include_slugs', 'term_group', 'description', 'count'] },
    hide_empty: { description: 'Whether to hide terms not assigned to any posts.', type: 'boolean', default: false },
    ...(hierarchical ? { parent: { description: 'Limit result set to terms assigned to a specific parent.', type: 'integer' } } : {}),
    post: { description: 'Limit result set to terms assigned to a specific post.', type: 'integer', default: null },
    slug: { description: 'Limit result set to terms with one or more specific slugs.', type: 'array', items: { type: 'string' } },
  }
  const writeArgs = (update: boolean): Args => ({
    ...(update ? { id: { description: 'Unique identifier for the term.', type: 'integer' } } : {}),
    description: { description: 'HTML description of the term.', type: 'string' },
    name: { description: 'HTML title for the term.', type: 'string', ...(update ? {} : { required: true }) },
    slug: { description: 'An alphanumeric identifier for the term unique to its type.', type: 'string' },
    ...(hierarchical ? { parent: { description: 'The parent term ID.', type: 'integer' } } : {}),
    meta: { description: 'Meta fields.', type: 'object', properties: {} },
  })

  async function find(ctx: RestContext): Promise<TermRow> {
    const term = await ctx.services.terms.get(ctx.params.id as number)
    if (term.taxonomy !== taxonomy) throw invalidTerm()
    return term
  }

  async function list(ctx: RestContext) {
    const p = ctx.params
    let rows = await ctx.services.terms.list(taxonomy)
    if (typeof p.post === 'number') {
      const post = await ctx.services.posts.get(p.post, ctx.actor)
      const ids = new Set((await ctx.services.terms.termsOfPosts([post.id])).map((t) => t.id))
      rows = rows.filter((t) => ids.has(t.id))
    }
    const search = typeof p.search === 'string' ? p.search.toLowerCase() : ''
    const include = p.include as number[]
    const exclude = new Set(p.exclude as number[])
    const slugs = Array.isArray(p.slug) ? (p.slug as string[]) : []
    rows = rows.filter((t) =>
      (!search || t.name.toLowerCase().includes(search) || t.slug.includes(search)) &&
      (!include.length || include.includes(t.id)) &&
      !exclude.has(t.id) &&
      (!slugs.length || slugs.includes(t.slug)) &&
      (!p.hide_empty || t.count > 0) &&
      (typeof p.parent !== 'number' || (t.parent_id ?? 0) === p.parent))
    rows = sortTerms(rows, p.orderby as string, p.order as string, include, slugs)
    const perPage = p.per_page as number
    const page = p.page as number
    const offset = typeof p.offset === 'number' ? p.offset + (page - 1) * perPage : (page - 1) * perPage
    const total = rows.length
    if (page > Math.ceil(total / perPage) && total > 0) throw new WpError('rest_term_invalid_page_number', 'The page number requested is larger than the number of pages available.', 400)
    return { body: await serializeTerms(ctx, rows.slice(offset, offset + perPage), ctx.context), headers: collectionHeaders(ctx, base, total, perPage, page) }
  }

  const input = (ctx: RestContext) => ({
    name: ctx.sent.has('name') ? (ctx.params.name as string) : undefined,
    slug: ctx.sent.has('slug') ? (ctx.params.slug as string) : undefined,
    description: ctx.sent.has('description') ? (ctx.params.description as string) : undefined,
    parentId: hierarchical && ctx.sent.has('parent') ? (ctx.params.parent as number) || null : undefined,
  })

  return [
    {
      pattern: base,
      namespace: 'wp/v2',
      schema,
      errors: termErrors,
      endpoints: [
        { methods: READABLE, args: listArgs, handler: list },
        {
          methods: CREATABLE,
          args: writeArgs(false),
          errors: { forbidden: ['rest_cannot_create', 'Sorry, you are not allowed to create terms in this taxonomy.'] },
          handler: async (ctx) => {
            const term = await ctx.services.terms.create(taxonomy, input(ctx), ctx.actor)
            return { status: 201, body: (await serializeTerms(ctx, [term], 'edit'))[0], headers: { location: ctx.api(`${base}/${term.id}`) } }
          },
        },
      ],
    },
    {
      pattern: `${base}/(?P<id>[\\d]+)`,
      namespace: 'wp/v2',
      schema,
      errors: termErrors,
      endpoints: [
        {
          methods: READABLE,
          args: { id: { description: 'Unique identifier for the term.', type: 'integer' }, context: contextArg() },
          handler: async (ctx) => ({ body: (await serializeTerms(ctx, [await find(ctx)], ctx.context))[0] }),
        },
        {
          methods: EDITABLE,
          args: writeArgs(true),
          errors: { forbidden: ['rest_cannot_update', 'Sorry, you are not allowed to edit this term.'] },
          handler: async (ctx) => {
            await find(ctx)
            const term = await ctx.services.terms.update(ctx.params.id as number, input(ctx), ctx.actor)
            return { body: (await serializeTerms(ctx, [term], 'edit'))[0] }
          },
        },
        {
          methods: DELETABLE,
          args: { id: { description: 'Unique identifier for the term.', type: 'integer' }, force: { type: 'boolean', default: false, description: 'Required to be true, as terms do not support trashing.' } },
          errors: { forbidden: ['rest_cannot_delete', 'Sorry, you are not allowed to delete this term.'] },
          handler: async (ctx) => {
            const term = await find(ctx)
            // The permission check first, as WordPress's permission callback runs first (it refuses the default category).
            await ctx.services.terms.checkDelete(term.id, ctx.actor)
            const previous = (await serializeTerms(ctx, [term], 'edit'))[0]
            if (ctx.params.force !== true) {
              throw new WpError('rest_trash_not_supported', "Terms do not support trashing. Set 'force=true' to delete.", 501)
            }
            await ctx.services.terms.remove(term.id, ctx.actor)
            return { body: { deleted: true, previous } }
          },
        },
      ],
    },
  ]
}

function sortTerms(rows: TermRow[], orderby: string, order: string, include: number[], slugs: string[]): TermRow[] {
  const dir = order === 'desc' ? -1 : 1
  const key: (t: TermRow) => string | number =
    orderby === 'id' || orderby === 'term_group' ? (t) => t.id
      : orderby === 'slug' ? (t) => t.slug
        : orderby === 'count' ? (t) => t.count
          : orderby === 'description' ? (t) => t.description
            : orderby === 'include' ? (t) => include.indexOf(t.id)
              : orderby === 'include_slugs' ? (t) => slugs.indexOf(t.slug)
                : (t) => t.name.toLowerCase()
  return [...rows].sort((a, b) => {
    const x = key(a)
    const y = key(b)
    return (x < y ? -1 : x > y ? 1 : a.id - b.id) * dir
  })
}
