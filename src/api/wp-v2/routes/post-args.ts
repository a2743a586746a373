import type { Args, Schema } from '../args.js'
import { contextArg } from '../rest.js'
import { POST_STATUS_ENUM } from '../schemas.js'

const ids = (description: string, extra: Partial<Schema> = {}): Schema => ({ description, type: 'array', items: { type: 'integer' }, default: [], ...extra })
const date = (description: string): Schema => ({ description, type: 'string', format: 'date-time' })

export const pagingArgs = (): Args => ({
  context: contextArg(),
  page: { description: 'Current page of the collection.', type: 'integer', default: 1, minimum: 1 },
  per_page: { description: 'Maximum number of items to be returned in result set.', type: 'integer', default: 10, minimum: 1, maximum: 100 },
  search: { description: 'Limit results to those matching a string.', type: 'string' },
})

const termQuery = (taxonomy: string, exclude: boolean): Schema => ({
  description: exclude
    ? `Limit result set to items except those with specific terms assigned in the ${taxonomy} taxonomy.`
    : `Limit result set to items with specific terms assigned in the ${taxonomy} taxonomy.`,
  type: ['object', 'array'],
  oneOf: [
    { title: 'Term ID List', description: 'Match terms with the listed IDs.', type: 'array', items: { type: 'integer' } },
    {
      title: 'Term ID Taxonomy Query',
      description: 'Perform an advanced term query.',
      type: 'object',
      properties: {
        terms: { description: 'Term IDs.', type: 'array', items: { type: 'integer' }, default: [] },
        ...(taxonomy === 'category' ? { include_children: { description: 'Whether to include child terms in the terms limiting the result set.', type: 'boolean', default: false } } : {}),
        ...(exclude ? {} : { operator: { description: 'Whether items must be assigned all or any of the specified terms.', type: 'string', enum: ['AND', 'OR'], default: 'OR' } }),
      },
      additionalProperties: false,
    },
  ],
})

const STATUS_QUERY_ENUM = ['publish', 'future', 'draft', 'pending', 'private', 'trash', 'auto-draft', 'inherit', 'request-pending', 'request-confirmed', 'request-failed', 'request-completed', 'any']

/** The list parameters of `posts` and `pages`, as WordPress 6.1 declares them. */
export function postCollectionArgs(type: 'post' | 'page'): Args {
  const orderby = ['author', 'date', 'id', 'include', 'modified', 'parent', 'relevance', 'slug', 'include_slugs', 'title', ...(type === 'page' ? ['menu_order'] : [])]
  return {
    ...pagingArgs(),
    after: date('Limit response to posts published after a given ISO8601 compliant date.'),
    modified_after: date('Limit response to posts modified after a given ISO8601 compliant date.'),
    author: ids('Limit result set to posts assigned to specific authors.'),
    author_exclude: ids('Ensure result set excludes posts assigned to specific authors.'),
    before: date('Limit response to posts published before a given ISO8601 compliant date.'),
    modified_before: date('Limit response to posts modified before a given ISO8601 compliant date.'),
    exclude: ids('Ensure result set excludes specific IDs.'),
    include: ids('Limit result set to specific IDs.'),
    ...(type === 'page' ? { menu_order: { description: 'Limit result set to posts with a specific menu_order value.', type: 'integer' } } : {}),
    offset: { description: 'Offset the result set by a specific number of items.', type: 'integer' },
    order: { description: 'Order sort attribute ascending or descending.', type: 'string', default: 'desc', enum: ['asc', 'desc'] },
    orderby: { description: 'Sort collection by post attribute.', type: 'string', default: 'date', enum: orderby },
    ...(type === 'page'
      ? { parent: ids('Limit result set to items with particular parent IDs.'), parent_exclude: ids('Limit result set to all items except those of a particular parent ID.') }
      : {}),
    slug: { description: 'Limit result set to posts with one or more specific slugs.', type: 'array', items: { type: 'string' } },
    status: { default: 'publish', description: 'Limit result set to posts assigned one or more statuses.', type: 'array', items: { enum: STATUS_QUERY_ENUM, type: 'string' } },
    ...(type === 'post'
      ? {
          tax_relation: { description: 'Limit result set based on relationship between multiple taxonomies.', type: 'string', enum: ['AND', 'OR'] },
          categories: termQuery('category', false),
          categories_exclude: termQuery('category', true),
          tags: termQuery('post_tag', false),
          tags_exclude: termQuery('post_tag', true),
          sticky: { description: 'Limit result set to items that are sticky.', type: 'boolean' },
        }
      : {}),
  }
}

const rendered = (what: string): Schema => ({
  description: `The ${what} for the object.`,
  type: 'object',
  properties: {
    raw: { description: `${what[0]!.toUpperCase()}${what.slice(1)} for the object, as it exists in the database.`, type: 'string', context: ['edit'] },
    rendered: { description: `HTML ${what} for the object, transformed for display.`, type: 'string', context: ['view', 'edit'], readonly: true },
  },
  // WordPress accepts a plain string as well as {raw}: it does not validate these.
  validate: false,
})

/** The fields a client may write on `posts` and `pages`. */
export function postWriteArgs(type: 'post' | 'page', update: boolean): Args {
  return {
    ...(update ? { id: { description: 'Unique identifier for the post.', type: 'integer' } } : {}),
    date: { description: "The date the post was published, in the site's timezone.", type: ['string', 'null'], format: 'date-time' },
    date_gmt: { description: 'The date the post was published, as GMT.', type: ['string', 'null'], format: 'date-time' },
    slug: { description: 'An alphanumeric identifier for the post unique to its type.', type: 'string' },
    status: { description: 'A named status for the post.', type: 'string', enum: POST_STATUS_ENUM },
    password: { description: 'A password to protect access to the content and excerpt.', type: 'string' },
    ...(type === 'page' ? { parent: { description: 'The ID for the parent of the post.', type: 'integer' } } : {}),
    title: rendered('title'),
    content: rendered('content'),
    author: { description: 'The ID for the author of the post.', type: 'integer' },
    excerpt: rendered('excerpt'),
    featured_media: { description: 'The ID of the featured media for the post.', type: 'integer' },
    comment_status: { description: 'Whether or not comments are open on the post.', type: 'string', enum: ['open', 'closed'] },
    ping_status: { description: 'Whether or not the post can be pinged.', type: 'string', enum: ['open', 'closed'] },
    ...(type === 'page' ? { menu_order: { description: 'The order of the post in relation to other posts.', type: 'integer' } } : {}),
    ...(type === 'post'
      ? { format: { description: 'The format for the post.', type: 'string', enum: ['standard', 'aside', 'chat', 'gallery', 'link', 'image', 'quote', 'status', 'video', 'audio'] } }
      : {}),
    meta: { description: 'Meta fields.', type: 'object', properties: {} },
    ...(type === 'post' ? { sticky: { description: 'Whether or not the post should be treated as sticky.', type: 'boolean' } } : {}),
    template: { description: 'The theme file to use to display the post.', type: 'string' },
    ...(type === 'post'
      ? {
          categories: { description: 'The terms assigned to the post in the category taxonomy.', type: 'array', items: { type: 'integer' } },
          tags: { description: 'The terms assigned to the post in the post_tag taxonomy.', type: 'array', items: { type: 'integer' } },
        }
      : {}),
  }
}
