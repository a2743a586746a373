import path from 'node:path'
import { type Db, inTransaction, type MediaRow } from '../db/index.js'
import { slugify } from '../content/slugs.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createEvents, type Events } from '../shared/events.js'
import { zoneOffset } from '../shared/time-zones.js'
import { type Actor, actorUserId, can, requireCapability } from '../users/index.js'
import { createMediaRepo, type UsingPost } from './media.repo.js'
import { sniffType } from './sniff.js'
import type { Storage } from './storage/storage.js'
import { makeVariants, type Variants } from './variants.js'

export const MAX_UPLOAD_BYTES = 32 * 1024 * 1024

export interface UploadInput {
  data: Buffer
  filename: string
  title?: string
  altText?: string
  caption?: string
  description?: string
  /** When it was uploaded (default: now); it also names the folder. For importers. */
  createdAt?: Date
}

/** A file known only by its address elsewhere (an import without the files): recorded, not stored. */
export interface ExternalMediaInput {
  sourceUrl: string
  filename: string
  mimeType: string
  title?: string
  altText?: string
  caption?: string
  description?: string
  createdAt?: Date
}

export interface MediaListQuery {
  page?: number
  perPage?: number
  offset?: number
  /** `image` or `image/png`. */
  mimePrefix?: string
  authorIds?: readonly number[]
  includeIds?: readonly number[]
  excludeIds?: readonly number[]
  search?: string
  /** Uploaded after / before these instants (ISO, both exclusive, as WordPress's `after` and `before`). */
  createdAfter?: string
  createdBefore?: string
  orderBy?: 'created_at' | 'id' | 'title'
  order?: 'asc' | 'desc'
}

export interface MediaChanges {
  title?: string
  altText?: string
  caption?: string
  description?: string
}

/** A post or page that shows a media item, as the library's delete warning names it. */
export interface MediaUse {
  id: number
  type: string
  title: string
  status: string
  featured: boolean
  inContent: boolean
}

export const mediaNotFound = (id: number) => new DomainError('not_found', 'media_not_found', `Media item ${id} not found.`, { id })

export function createMediaService({ db, clock, storage, events = createEvents() }: { db: Db; clock: Clock; storage: Storage; events?: Events }) {
  const repo = createMediaRepo(db)
  /** Stores an upload under a new name (`uploads/YYYY/MM/slug.ext`) after checking what it really is. */
  async function upload(input: UploadInput, actor: Actor): Promise<MediaRow> {
    requireCapability(actor, 'upload_files')
    if (!input.data.length) throw invalid('empty_upload', 'The file is empty.')
    if (input.data.length > MAX_UPLOAD_BYTES) throw invalid('upload_too_large', `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`)
    const type = sniffType(input.data)
    if (!type) throw invalid('unsupported_file_type', 'Sorry, this file type is not permitted (allowed: JPEG, PNG, GIF, WebP, AVIF, PDF, MP4, MP3).')
    let width: number | null = null
    let height: number | null = null
    if (type.image) {
      // Loaded on first upload: sharp and libvips cost ~28 MB of RSS a server that only serves pages never needs.
      const { default: sharp } = await import('sharp')
      try {
        const meta = await sharp(input.data).metadata()
        width = meta.autoOrient?.width ?? meta.width ?? null
        height = meta.autoOrient?.height ?? meta.height ?? null
      } catch {
        throw invalid('invalid_image', 'The image is damaged or not an image at all.')
      }
    }
    const now = input.createdAt ?? clock.now()
    const base = slugify(path.parse(input.filename).name) || 'file'
    const folder = toIso(now).slice(0, 7).replace('-', '/')
    let key = `${folder}/${base}.${type.ext}`
    for (let n = 2; await storage.exists(key); n++) key = `${folder}/${base}-${n}.${type.ext}`
    await storage.put(key, input.data)
    let variants: Variants = {}
    if (width && height) {
      variants = await makeVariants(input.data, key, type.mime, { width, height }, async (file, data) => {
        if (!(await storage.exists(file))) await storage.put(file, data)
      })
    }
    const media = await db
      .insertInto('media')
      .values({
        file: key,
        original_name: input.filename.slice(0, 255),
        mime_type: type.mime,
        size: input.data.length,
        width,
        height,
        title: (input.title ?? path.parse(input.filename).name).slice(0, 500),
        alt_text: (input.altText ?? '').slice(0, 1000),
        caption: (input.caption ?? '').slice(0, 5000),
        description: input.description ?? '',
        variants: JSON.stringify(variants),
        author_id: actorUserId(actor),
        source_url: '',
        created_at: toIso(now),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await events.emit({ type: 'media.saved', media })
    return media
  }

  /** Records a media item whose file is not here, by its original URL (`file` stays empty). */
  async function recordExternal(input: ExternalMediaInput, actor: Actor): Promise<MediaRow> {
    requireCapability(actor, 'upload_files')
    if (!/^https?:\/\//i.test(input.sourceUrl)) throw invalid('invalid_source_url', `"${input.sourceUrl}" is not an http(s) URL.`)
    const media = await db
      .insertInto('media')
      .values({
        file: '',
        original_name: input.filename.slice(0, 255),
        mime_type: input.mimeType,
        size: 0,
        width: null,
        height: null,
        title: (input.title ?? path.parse(input.filename).name).slice(0, 500),
        alt_text: (input.altText ?? '').slice(0, 1000),
        caption: (input.caption ?? '').slice(0, 5000),
        description: input.description ?? '',
        variants: '{}',
        author_id: actorUserId(actor),
        source_url: input.sourceUrl,
        created_at: toIso(input.createdAt ?? clock.now()),
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await events.emit({ type: 'media.saved', media })
    return media
  }

  async function get(id: number): Promise<MediaRow> {
    const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw mediaNotFound(id)
    return row
  }

  /** Media items by their stored file keys (`2026/11/photo.jpg`), for pages that show them. */
  async function byFiles(files: readonly string[]): Promise<MediaRow[]> {
    return files.length ? db.selectFrom('media').selectAll().where('file', 'in', [...new Set(files)]).execute() : []
  }

  async function byIds(ids: readonly number[]): Promise<MediaRow[]> {
    return ids.length ? db.selectFrom('media').selectAll().where('id', 'in', [...new Set(ids)]).execute() : []
  }

  /** A page of the library, newest first, for the REST API's media list. */
  async function list(query: MediaListQuery = {}): Promise<{ items: MediaRow[]; total: number }> {
    let q = db.selectFrom('media')
    if (query.mimePrefix) q = q.where('mime_type', 'like', `${query.mimePrefix.replace(/[%_]/g, '')}%`)
    if (query.authorIds?.length) q = q.where('author_id', 'in', query.authorIds)
    if (query.includeIds) q = query.includeIds.length ? q.where('id', 'in', query.includeIds) : q.where((eb) => eb.lit(false))
    if (query.excludeIds?.length) q = q.where('id', 'not in', query.excludeIds)
    if (query.search) q = q.where((eb) => eb(eb.fn('lower', ['title']), 'like', `%${query.search!.toLowerCase().replace(/[%_]/g, '')}%`))
    if (query.createdAfter) q = q.where('created_at', '>', query.createdAfter)
    if (query.createdBefore) q = q.where('created_at', '<', query.createdBefore)
    const perPage = Math.min(Math.max(query.perPage ?? 10, 1), 100)
    const offset = query.offset ?? (Math.max(query.page ?? 1, 1) - 1) * perPage
    const order = query.order ?? 'desc'
    const [items, count] = await Promise.all([
      q.selectAll().orderBy(query.orderBy ?? 'created_at', order).orderBy('id', order).limit(perPage).offset(offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ])
    return { items, total: Number(count.n) }
  }

  /** Changes what is said about a file (never the file): its uploader, or an editor, may. */
  async function update(id: number, changes: MediaChanges, actor: Actor): Promise<MediaRow> {
    requireCapability(actor, 'upload_files')
    const item = await get(id)
    if (item.author_id !== actorUserId(actor)) requireCapability(actor, 'edit_others_posts', 'Sorry, you are not allowed to edit this media item.')
    const set: Partial<MediaRow> = {}
    if (changes.title !== undefined) set.title = changes.title.slice(0, 500)
    if (changes.altText !== undefined) set.alt_text = changes.altText.slice(0, 1000)
    if (changes.caption !== undefined) set.caption = changes.caption.slice(0, 5000)
    if (changes.description !== undefined) set.description = changes.description
    if (!Object.keys(set).length) return item
    const media = await db.updateTable('media').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
    await events.emit({ type: 'media.saved', media })
    return media
  }

  /**
   * Who may delete an attachment, as WordPress maps `delete_post` for one (status `inherit`): its uploader with
   * `delete_posts`, anyone else with `delete_others_posts`. Returns the item; REST checks this before refusing
   * a delete without `force`.
   */
  async function checkDelete(id: number, actor: Actor): Promise<MediaRow> {
    const item = await get(id)
    const own = item.author_id !== null && item.author_id === actorUserId(actor)
    requireCapability(actor, own ? 'delete_posts' : 'delete_others_posts', 'Sorry, you are not allowed to delete this media item.')
    return item
  }

  /** Deletes an item for good (media has no trash): its row, its file and its sizes; posts lose it as featured image. */
  async function remove(id: number, actor: Actor): Promise<MediaRow> {
    const item = await checkDelete(id, actor)
    const users = await usesOf(item)
    await inTransaction(db, async (trx) => {
      const r = createMediaRepo(trx)
      await r.clearFeatured(id)
      await r.delete(id)
    })
    if (item.file) {
      const variants = JSON.parse(item.variants || '{}') as Variants
      for (const file of [item.file, ...Object.values(variants).map((v) => v.file)]) await storage.remove(file)
    }
    await events.emit({ type: 'media.deleted', media: item, postIds: users.map((p) => p.id) })
    return item
  }

  async function usesOf(item: MediaRow): Promise<UsingPost[]> {
    const parsed = item.file ? path.posix.parse(item.file) : null
    const candidates = await repo.postsUsing(item.id, parsed ? `${parsed.dir}/${parsed.name}` : null)
    const inContent = contentPattern(item)
    return candidates.filter((p) => p.featured_media_id === item.id || inContent.test(p.content))
  }

  /**
   * The posts and pages that show an item (featured image or in their content), for the warning before a delete.
   * Unpublished ones the actor may not edit are only counted (`hidden`): their titles are not theirs to see.
   */
  async function usage(id: number, actor: Actor): Promise<{ uses: MediaUse[]; hidden: number }> {
    requireCapability(actor, 'upload_files')
    const item = await get(id)
    const inContent = contentPattern(item)
    const uses: MediaUse[] = []
    let hidden = 0
    for (const p of await usesOf(item)) {
      const others = p.type === 'page' ? 'edit_others_pages' : 'edit_others_posts'
      const visible = p.status === 'publish' || (p.author_id !== null && p.author_id === actorUserId(actor)) || can(actor, others)
      if (!visible) hidden++
      else uses.push({ id: p.id, type: p.type, title: p.title, status: p.status, featured: p.featured_media_id === item.id, inContent: inContent.test(p.content) })
    }
    return { uses, hidden }
  }

  /** The months (in `timeZone`) that have uploads, newest first, with how many: the library's month filter. */
  async function months(timeZone: string): Promise<{ month: string; count: number }[]> {
    const byMonth = new Map<string, number>()
    for (const { minute, n } of await repo.uploadMinutes()) {
      const ms = Date.parse(`${minute}:00Z`)
      if (Number.isNaN(ms)) continue
      const month = new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 7)
      byMonth.set(month, (byMonth.get(month) ?? 0) + n)
    }
    return [...byMonth].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([month, count]) => ({ month, count }))
  }

  return { upload, recordExternal, get, byFiles, byIds, list, update, checkDelete, remove, usage, months }
}

/** Content shows an item by its `wp-image-ID` class or by the address of its file or one of its sizes (`-300x200`). */
function contentPattern(item: MediaRow): RegExp {
  const parsed = item.file ? path.posix.parse(item.file) : null
  const file = parsed ? `|/uploads/${escapeRegExp(`${parsed.dir}/${parsed.name}`)}(?:-\\d+x\\d+)?${escapeRegExp(parsed.ext)}(?![\\w.-])` : ''
  return new RegExp(`\\bwp-image-${item.id}(?!\\d)${file}`)
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export type MediaService = ReturnType<typeof createMediaService>
