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
    const now = clock.now()
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

  return { upload, get, byFiles, byIds }
}

export type MediaService = ReturnType<typeof createMediaService>
