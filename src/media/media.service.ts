import path from 'node:path'
import sharp from 'sharp'
import type { Db, MediaRow } from '../db/index.js'
import { slugify } from '../content/slugs.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createEvents, type Events } from '../shared/events.js'
import { type Actor, actorUserId, requireCapability } from '../users/index.js'
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
  orderBy?: 'created_at' | 'id' | 'title'
  order?: 'asc' | 'desc'
}

export interface MediaChanges {
  title?: string
  altText?: string
  caption?: string
  description?: string
}

export const mediaNotFound = (id: number) => new DomainError('not_found', 'media_not_found', `Media item ${id} not found.`, { id })

export function createMediaService({ db, clock, storage, events = createEvents() }: { db: Db; clock: Clock; storage: Storage; events?: Events }) {
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

  return { upload, recordExternal, get, byFiles, byIds, list, update }
}

export type MediaService = ReturnType<typeof createMediaService>
