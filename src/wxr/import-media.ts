import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { MediaRow } from '../db/index.js'
import type { Variants } from '../media/index.js'
import { isDomainError } from '../shared/errors.js'
import { systemActor } from '../users/index.js'
import { wpDateToIso } from './dates.js'
import { type ImportContext, int, type MediaInfo, oldPath, warn } from './import-context.js'
import { describeItem, type WxrItem } from './types.js'

const MIME_BY_EXT: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
  svg: 'image/svg+xml', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', ico: 'image/x-icon', heic: 'image/heic',
  pdf: 'application/pdf', mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', ogv: 'video/ogg',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', wav: 'audio/wav', zip: 'application/zip', doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xls: 'application/vnd.ms-excel', txt: 'text/plain',
}

export const metaValue = (item: WxrItem, key: string) => item.meta.find((m) => m.key === key)?.value

/** Metadata the importer turns into columns or that only meant something inside WordPress. */
const CONSUMED_META = new Set([
  '_wp_attached_file', '_wp_attachment_metadata', '_wp_attachment_image_alt', '_edit_last', '_edit_lock', '_thumbnail_id',
  '_pingme', '_encloseme', '_wp_trash_meta_status', '_wp_trash_meta_time', '_wp_desired_post_slug', 'sticky', '_sticky', '_wp_old_slug',
])
export const keptMeta = (item: WxrItem) => item.meta.filter((m) => m.key && !CONSUMED_META.has(m.key) && !m.key.startsWith('_menu_item_'))

/** The file's path under wp-content/uploads, from its metadata or its URL. */
function uploadPaths(item: WxrItem, url: string): string[] {
  const out: string[] = []
  const attached = metaValue(item, '_wp_attached_file')
  if (attached) out.push(attached)
  try {
    const pathname = decodeURIComponent(new URL(url).pathname)
    const m = /\/(?:wp-content\/uploads|files)\/(.+)$/.exec(pathname)
    out.push(m ? m[1]! : pathname.replace(/^\/+/, ''))
    out.push(path.posix.basename(pathname))
  } catch {
    // not a URL: nothing to derive from it
  }
  return [...new Set(out.filter((p) => p && !p.split('/').includes('..')))]
}

async function readUpload(dir: string, candidates: string[]): Promise<Buffer | undefined> {
  for (const rel of candidates) {
    try {
      return await readFile(path.join(dir, rel))
    } catch {
      // try the next place
    }
  }
  return undefined
}

export function mediaInfo(row: MediaRow, oldUrl: string): MediaInfo {
  const sizes = new Map<string, string>()
  const variants = JSON.parse(row.variants || '{}') as Variants
  for (const v of Object.values(variants)) sizes.set(`${v.width}x${v.height}`, `/uploads/${v.file}`)
  return {
    id: row.id, url: row.file ? `/uploads/${row.file}` : row.source_url, oldUrl, alt: row.alt_text, caption: row.caption,
    width: row.width ?? undefined, height: row.height ?? undefined, sizes,
  }
}

function register(ctx: ImportContext, item: WxrItem, info: MediaInfo): void {
  const oldId = int(item.id)
  if (oldId) ctx.mediaByOldId.set(oldId, info)
  if (info.oldUrl) ctx.mediaByUrl.set(info.oldUrl, info)
  const parent = int(item.parent)
  if (oldId && parent) {
    const list = ctx.attachedTo.get(parent) ?? []
    list.push(oldId)
    ctx.attachedTo.set(parent, list)
  }
}

/** An attachment: its file from --uploads when there, else recorded by its original URL (and reported missing). */
export async function importAttachment(ctx: ImportContext, item: WxrItem): Promise<void> {
  const url = (item.attachmentUrl || item.guid).trim()
  const legacy = item.id ? await ctx.repo.find('media', ctx.source, item.id) : undefined
  if (legacy) {
    const row = await ctx.services.handle.db.selectFrom('media').selectAll().where('id', '=', legacy.new_id).executeTakeFirst()
    if (row) {
      register(ctx, item, mediaInfo(row, url))
      ctx.summary.attachments.skipped++
      return
    }
  }
  if (!/^https?:\/\//i.test(url)) {
    ctx.summary.attachments.failed++
    warn(ctx, `${describeItem(item)}: an attachment without a file URL was left out.`)
    return
  }
  const filename = safeBasename(url)
  const ext = path.extname(filename).slice(1).toLowerCase()
  const createdAt = wpDateToIso(item.dateGmt, item.date, ctx.timeZone)
  const details = {
    title: item.title.trim() || undefined,
    altText: metaValue(item, '_wp_attachment_image_alt') ?? '',
    caption: item.excerpt.trim(),
    description: item.content.trim(),
    createdAt: createdAt ? new Date(createdAt) : undefined,
  }
  let row: MediaRow | undefined
  if (ctx.uploadsDir) {
    const data = await readUpload(ctx.uploadsDir, uploadPaths(item, url))
    if (data) {
      try {
        row = await ctx.services.media.upload({ data, filename, ...details }, systemActor)
        ctx.storedFiles.push(row.file, ...Object.values(JSON.parse(row.variants || '{}') as Variants).map((v) => v.file))
      } catch (err) {
        if (!isDomainError(err)) throw err
        warn(ctx, `${describeItem(item)}: the file ${filename} was not stored (${err.message}); it is recorded by its URL.`)
      }
    }
  }
  if (!row) {
    row = await ctx.services.media.recordExternal({ sourceUrl: url, filename, mimeType: MIME_BY_EXT[ext] ?? 'application/octet-stream', ...details }, systemActor)
    ctx.summary.missingFiles.push(url)
  }
  await ctx.repo.remember({ kind: 'media', source: ctx.source, old_id: item.id || `guid:${item.guid || url}`, new_id: row.id, guid: item.guid, old_path: oldPath(url) })
  await ctx.repo.addMeta('media', row.id, keptMeta(item))
  ctx.createdMedia.add(row.id)
  register(ctx, item, mediaInfo(row, url))
  ctx.summary.attachments.imported++
}

function safeBasename(url: string): string {
  try {
    return decodeURIComponent(path.posix.basename(new URL(url).pathname)) || 'file'
  } catch {
    return 'file'
  }
}

/** The new address of an old file URL, its sized copies (`photo-300x200.jpg`) included. */
export function newMediaUrl(ctx: ImportContext, url: string): string | undefined {
  const clean = url.split(/[?#]/)[0]!
  const exact = ctx.mediaByUrl.get(clean)
  if (exact) return exact.url
  const sized = /^(.*)-(\d+)x(\d+)(\.[A-Za-z0-9]+)$/.exec(clean)
  if (!sized) return undefined
  const original = ctx.mediaByUrl.get(`${sized[1]}${sized[4]}`)
  if (!original) return undefined
  return original.sizes.get(`${sized[2]}x${sized[3]}`) ?? (original.url.startsWith('/uploads/') ? original.url : url)
}
