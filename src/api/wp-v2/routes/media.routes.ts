import type { MediaChanges } from '../../../media/index.js'
import type { Args } from '../args.js'
import { instantFrom } from '../fields.js'
import { collectionHeaders } from '../links.js'
import { isPlainObject } from '../query-string.js'
import { contextArg, CREATABLE, DELETABLE, EDITABLE, READABLE, type RestContext, type RouteDef } from '../rest.js'
import { mediaSchema } from '../schemas.js'
import { serializeMedia } from '../serializers/basic.js'
import { type ErrorVocabulary, WpError } from '../wp-errors.js'
import { pagingArgs } from './post-args.js'

const mediaErrors: ErrorVocabulary = {
  notFound: { media_not_found: ['rest_post_invalid_id', 'Invalid post ID.'] },
  codes: { upload_too_large: 'rest_upload_file_too_big', empty_upload: 'rest_upload_no_data', unsupported_file_type: 'rest_upload_sideload_error', invalid_image: 'rest_upload_sideload_error' },
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : isPlainObject(v) && typeof v.raw === 'string' ? v.raw : undefined)

/** `media`: uploads by raw body (`Content-Disposition: attachment; filename=…`) or multipart, checked by content. */
export function mediaRoutes(): RouteDef[] {
  const listArgs: Args = {
    ...pagingArgs(),
    after: { description: 'Limit response to posts published after a given ISO8601 compliant date.', type: 'string', format: 'date-time' },
    before: { description: 'Limit response to posts published before a given ISO8601 compliant date.', type: 'string', format: 'date-time' },
    author: { description: 'Limit result set to posts assigned to specific authors.', type: 'array', items: { type: 'integer' }, default: [] },
    exclude: { description: 'Ensure result set excludes specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    include: { description: 'Limit result set to specific IDs.', type: 'array', items: { type: 'integer' }, default: [] },
    offset: { description: 'Offset the result set by a specific number of items.', type: 'integer' },
    order: { description: 'Order sort attribute ascending or descending.', type: 'string', default: 'desc', enum: ['asc', 'desc'] },
    orderby: { description: 'Sort collection by post attribute.', type: 'string', default: 'date', enum: ['author', 'date', 'id', 'include', 'modified', 'parent', 'relevance', 'slug', 'include_slugs', 'title'] },
    media_type: { default: null, description: 'Limit result set to attachments of a particular media type.', type: 'string', enum: ['image', 'video', 'text', 'application', 'audio'] },
    mime_type: { default: null, description: 'Limit result set to attachments of a particular MIME type.', type: 'string' },
  }
  const writeArgs = (update: boolean): Args => ({
    ...(update ? { id: { description: 'Unique identifier for the post.', type: 'integer' } } : {}),
    title: { description: 'The title for the post.', type: 'object', properties: { raw: { type: 'string', context: ['edit'] }, rendered: { type: 'string', context: ['view', 'edit', 'embed'], readonly: true } }, validate: false },
    alt_text: { description: 'Alternative text to display when attachment is not displayed.', type: 'string' },
    caption: { description: 'The attachment caption.', type: 'object', properties: { raw: { type: 'string', context: ['edit'] }, rendered: { type: 'string', context: ['view', 'edit', 'embed'], readonly: true } }, validate: false },
    description: { description: 'The attachment description.', type: 'object', properties: { raw: { type: 'string', context: ['edit'] }, rendered: { type: 'string', context: ['view', 'edit'], readonly: true } }, validate: false },
    post: { description: 'The ID for the associated post of the attachment.', type: 'integer' },
  })

  const changes = (ctx: RestContext): MediaChanges => ({
    title: text(ctx.params.title),
    altText: typeof ctx.params.alt_text === 'string' ? ctx.params.alt_text : undefined,
    caption: text(ctx.params.caption),
    description: text(ctx.params.description),
  })

  async function upload(ctx: RestContext) {
    const { files, raw, headers } = ctx.request
    let data: Buffer
    let filename: string
    if (files?.length) {
      const file = files.find((f) => f.field === 'file') ?? files[0]!
      data = file.data
      filename = file.filename
    } else if (raw) {
      filename = filenameOf(headers['content-disposition'] ?? '') ?? ''
      if (!filename) throw new WpError('rest_upload_no_content_disposition', 'No Content-Disposition supplied.', 400)
      data = raw.data
    } else {
      throw new WpError('rest_upload_no_data', 'No data supplied.', 400)
    }
    const c = changes(ctx)
    const item = await ctx.services.media.upload({ data, filename, title: c.title, altText: c.altText, caption: c.caption, description: c.description }, ctx.actor)
    return { status: 201, body: (await serializeMedia(ctx, [item], 'edit'))[0], headers: { location: ctx.api(`/wp/v2/media/${item.id}`) } }
  }

  async function list(ctx: RestContext) {
    const p = ctx.params
    const perPage = p.per_page as number
    const page = p.page as number
    const timezone = await ctx.services.settings.get('timezone')
    const after = typeof p.after === 'string' ? instantFrom(p.after, undefined, timezone) : undefined
    const before = typeof p.before === 'string' ? instantFrom(p.before, undefined, timezone) : undefined
    const orderBy = p.orderby === 'id' ? 'id' : p.orderby === 'title' ? 'title' : 'created_at'
    const { items, total } = await ctx.services.media.list({
      page, perPage, offset: typeof p.offset === 'number' ? p.offset + (page - 1) * perPage : undefined,
      mimePrefix: typeof p.mime_type === 'string' ? p.mime_type : typeof p.media_type === 'string' ? `${p.media_type}/` : undefined,
      authorIds: p.author as number[], includeIds: (p.include as number[]).length ? (p.include as number[]) : undefined, excludeIds: p.exclude as number[],
      search: typeof p.search === 'string' ? p.search : undefined, createdAfter: after ?? undefined, createdBefore: before ?? undefined, orderBy, order: p.order as 'asc' | 'desc',
    })
    if (page > Math.ceil(total / perPage) && total > 0) throw new WpError('rest_post_invalid_page_number', 'The page number requested is larger than the number of pages available.', 400)
    return { body: await serializeMedia(ctx, items, ctx.context), headers: collectionHeaders(ctx, '/wp/v2/media', total, perPage, page) }
  }

  return [
    {
      pattern: '/wp/v2/media',
      namespace: 'wp/v2',
      schema: mediaSchema,
      errors: mediaErrors,
      endpoints: [
        { methods: READABLE, args: listArgs, handler: list },
        { methods: CREATABLE, args: writeArgs(false), handler: upload, errors: { forbidden: ['rest_cannot_create', 'Sorry, you are not allowed to upload media on this site.'] } },
      ],
    },
    {
      pattern: '/wp/v2/media/(?P<id>[\\d]+)',
      namespace: 'wp/v2',
      schema: mediaSchema,
      errors: mediaErrors,
      endpoints: [
        {
          methods: READABLE,
          args: { id: { description: 'Unique identifier for the post.', type: 'integer' }, context: contextArg() },
          handler: async (ctx) => ({ body: (await serializeMedia(ctx, [await ctx.services.media.get(ctx.params.id as number)], ctx.context))[0] }),
        },
        {
          methods: EDITABLE,
          args: writeArgs(true),
          errors: { forbidden: ['rest_cannot_edit', 'Sorry, you are not allowed to edit this post.'] },
          handler: async (ctx) => ({ body: (await serializeMedia(ctx, [await ctx.services.media.update(ctx.params.id as number, changes(ctx), ctx.actor)], 'edit'))[0] }),
        },
        {
          methods: DELETABLE,
          args: { id: { description: 'Unique identifier for the post.', type: 'integer' }, force: { type: 'boolean', default: false, description: 'Whether to bypass Trash and force deletion.' } },
          errors: { forbidden: ['rest_cannot_delete', 'Sorry, you are not allowed to delete this post.'] },
          handler: async (ctx) => {
            const id = ctx.params.id as number
            // WordPress checks who may delete first, then refuses: attachments have no trash (MEDIA_TRASH is off).
            const item = await ctx.services.media.checkDelete(id, ctx.actor)
            if (ctx.params.force !== true) throw new WpError('rest_trash_not_supported', "The post does not support trashing. Set 'force=true' to delete.", 501)
            const previous = (await serializeMedia(ctx, [item], 'edit'))[0]
            await ctx.services.media.remove(id, ctx.actor)
            return { body: { deleted: true, previous } }
          },
        },
      ],
    },
  ]
}

/** The file name of `Content-Disposition: attachment; filename="a.jpg"` (or `filename*=UTF-8''…`). */
export function filenameOf(disposition: string): string | null {
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim())
    } catch {
      return null
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition)
  const name = plain ? (plain[2] ?? plain[1]!).trim() : ''
  return name ? name.replace(/^.*[\\/]/, '') : null
}
