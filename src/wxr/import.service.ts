/**
 * Imports a WordPress export (WXR) into a site, in one transaction: it all lands, or nothing does.
 *
 * The file is streamed once when what posts point at (authors, terms, attachments) all comes before the first
 * post, else twice, one item in memory at a time: the first pass brings authors, terms and attachments; the
 * second brings posts and pages with their comments and collects menu items. Then page parents that came after their children, links to items imported later, menus and the
 * attachments' parents are put right. What is kept in memory between items is small: old → new ids, and a
 * few fields per attachment (to build captions and galleries and to rewrite file URLs).
 *
 * Every write goes through the domain services (over the import's transaction), so imported content follows
 * the rules any other writer follows. An item the rules refuse is counted as failed and reported; anything
 * else (malformed XML, a database error) rolls the whole import back and says where it happened.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CompiledQuery, sql } from 'kysely'
import { type Db, inTransaction } from '../db/index.js'
import { createLocalStorage } from '../media/index.js'
import { createServices, type Services } from '../services.js'
import { isDomainError } from '../shared/errors.js'
import { emptySummary, type ImportContext, type ImportSummary, warn } from './import-context.js'
import { importAuthor, importTerm } from './import-authors-terms.js'
import { fixLinks } from './import-links.js'
import { importAttachment } from './import-media.js'
import { collectMenuItem, saveMenus } from './import-menus.js'
import { countsFor, importPost, linkParents } from './import-posts.js'
import { createImportWxrRepo } from './import.repo.js'
import { openExport, readWxrFile } from './read-ahead.js'
import { describeItem, isPressroomExport, type WxrChannel, type WxrItem, type WxrTerm } from './types.js'

export interface ImportProgress {
  phase: 'scan' | 'import'
  /** Items read so far in this phase. */
  done: number
  /** Items in the file (known once the scan is over; 0 during it). */
  total: number
}

export interface ImportOptions {
  /** A copy of the old site's wp-content/uploads: files are taken from there. */
  uploadsDir?: string
  /** Old login → user (id, login or email) to give that author's posts to. */
  authorMap?: Record<string, string>
  /** Do everything, report it, and roll it all back. */
  dryRun?: boolean
  onProgress?: (progress: ImportProgress) => void
  /** Rows of ids and metadata written per statement (500); tests make it small to see batches fill and flush. */
  batchRows?: number
  /** Read the file on a second thread (by default, when it is large: see read-ahead.ts). */
  readAhead?: boolean
}

/** An import that stopped: nothing of it was kept. The message says where. */
export class WxrImportError extends Error {
  override name = 'WxrImportError'
}

class DryRunDone extends Error {}

const POST_TYPES = new Set(['post', 'page'])

export async function importWxr(services: Services, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now()
  const summary = emptySummary(file, !!options.dryRun)
  const scratch = options.dryRun ? mkdtempSync(path.join(tmpdir(), 'pressroom-dry-run-')) : null
  const config = scratch ? { ...services.config, uploadsDir: scratch } : services.config
  const storedFiles: string[] = []
  try {
    await inTransaction(services.handle.db, async (trx) => {
      const inner = createServices({ handle: { ...services.handle, db: trx }, config, clock: services.clock })
      const touched = holdBackIndexing(inner)
      let ctx = await createContext(inner, summary, options, storedFiles)
      await sql`savepoint wxr_one_pass`.execute(trx)
      if (await readOnce(ctx, trx, file, options)) await sql`release savepoint wxr_one_pass`.execute(trx)
      else {
        // Something the posts may need came after them: all of it is undone, and the file read twice.
        await sql`rollback to savepoint wxr_one_pass`.execute(trx)
        await removeFiles(config.uploadsDir, storedFiles.splice(0))
        Object.assign(summary, emptySummary(file, !!options.dryRun))
        touched.clear()
        ctx = await createContext(inner, summary, options, storedFiles)
        await scan(ctx, trx, file, options)
        await importItems(ctx, trx, file, options)
      }
      await finish(ctx)
      await inner.search.indexPosts([...touched])
      if (options.dryRun) throw new DryRunDone()
    })
  } catch (err) {
    if (!(err instanceof DryRunDone)) {
      if (!scratch) await removeFiles(config.uploadsDir, storedFiles)
      throw err
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
  summary.seconds = Math.round((Date.now() - started) / 100) / 10
  if (!options.dryRun) {
    services.settings.forget()
    // One purge of every cached page: the import's own events stayed inside its transaction.
    await services.events.emit({ type: 'settings.saved', keys: [] })
  }
  return summary
}

/**
 * Indexing a post as it is saved costs more than saving it: during the import the posts saved are only
 * noted, and indexed together at the end (still inside the transaction). Their "Read Also" lists start
 * empty, computed when first read, as after any import.
 */
function holdBackIndexing(inner: Services): Set<number> {
  const touched = new Set<number>()
  const emit = inner.events.emit.bind(inner.events)
  inner.events.emit = async (event) => {
    if (event.type === 'post.saved' || event.type === 'post.deleted') touched.add(event.post.id)
    else await emit(event)
  }
  return touched
}

async function createContext(services: Services, summary: ImportSummary, options: ImportOptions, storedFiles: string[]): Promise<ImportContext> {
  return {
    services,
    repo: createImportWxrRepo(services.handle.db, options.batchRows),
    summary,
    source: '',
    oldBases: [],
    timeZone: await services.settings.get('timezone'),
    contentIsHtml: false,
    uploadsDir: options.uploadsDir,
    authorMap: options.authorMap ?? {},
    usersByLogin: new Map(),
    usersByOldId: new Map(),
    usersByEmail: new Map(),
    termsByKey: new Map(),
    termsByOldId: new Map(),
    mediaByOldId: new Map(),
    mediaByUrl: new Map(),
    createdMedia: new Set(),
    attachedTo: new Map(),
    postsByOldId: new Map(),
    pendingParents: [],
    recentPosts: new Map(),
    needsLinkFixup: new Set(),
    menuItems: [],
    storedFiles,
    itemCount: 0,
  }
}

async function setSource(ctx: ImportContext, channel: WxrChannel): Promise<void> {
  const blog = (channel.baseBlogUrl || channel.link || channel.baseSiteUrl).trim().replace(/\/+$/, '')
  ctx.source = blog.toLowerCase()
  ctx.summary.source = blog
  ctx.summary.wxrVersion = channel.version
  ctx.contentIsHtml = isPressroomExport(channel)
  const bases = new Set<string>()
  for (const url of [channel.baseBlogUrl, channel.link]) {
    const base = url.trim().replace(/\/*$/, '/')
    if (!/^https?:\/\/[^/]+/i.test(base)) continue
    bases.add(base)
    bases.add(base.replace(/^https?:/i, (scheme) => (scheme.toLowerCase() === 'http:' ? 'https:' : 'http:')))
  }
  ctx.oldBases = [...bases]
  await ctx.repo.primeSource(ctx.source)
}

/**
 * The whole import in one reading of the file, when it allows it: everything the first pass would bring
 * (authors, terms, attachments) comes before the first post, page or menu item, as in exports without media
 * or with their media first. False as soon as one of these comes after a post: the caller undoes what was
 * done and reads the file twice. Half the parsing of a large export.
 */
async function readOnce(ctx: ImportContext, trx: Db, file: string, options: ImportOptions): Promise<boolean> {
  const total = options.onProgress ? await countItems(file) : 0
  const waiting: WxrTerm[] = []
  let done = 0
  let postsBegun = false
  for await (const record of readWxrFile(file, options.readAhead)) {
    if (record.kind === 'channel') {
      await setSource(ctx, record.channel)
      continue
    }
    const item = record.kind === 'item' ? record.item : null
    if (!item || item.type === 'attachment') {
      if (postsBegun) return false
      if (record.kind === 'author') {
        if (record.author.login.trim()) await importAuthor(ctx, record.author)
      } else if (record.kind === 'term') {
        if ((await importTerm(ctx, record.term)) === null) waiting.push(record.term)
      }
    }
    if (!item) continue
    done++
    if (item.type === 'attachment') await step(ctx, trx, item, ctx.summary.attachments, () => importAttachment(ctx, item))
    else {
      if (!postsBegun) await placeWaitingTerms(ctx, waiting)
      postsBegun = true
      await importItem(ctx, trx, item)
    }
    options.onProgress?.({ phase: 'import', done, total: Math.max(total, done) })
  }
  if (!postsBegun) await placeWaitingTerms(ctx, waiting)
  ctx.itemCount = done
  return true
}

/** About how many items a file has (`<item>` tags, read as bytes), for progress reports only. */
async function countItems(file: string): Promise<number> {
  let count = 0
  let carry = ''
  for await (const chunk of openExport(file)) {
    const text = carry + (chunk as Buffer).toString('latin1')
    for (let i = text.indexOf('<item>'); i !== -1; i = text.indexOf('<item>', i + 6)) count++
    // A tag cut in two by the chunk's end is counted with the next chunk.
    carry = text.slice(-5).includes('<') ? text.slice(text.lastIndexOf('<')) : ''
  }
  return count
}

/** Pass 1: authors, terms and attachments; counts the items. */
async function scan(ctx: ImportContext, trx: Db, file: string, options: ImportOptions): Promise<void> {
  const waiting: WxrTerm[] = []
  let done = 0
  for await (const record of readWxrFile(file, options.readAhead)) {
    if (record.kind === 'channel') await setSource(ctx, record.channel)
    else if (record.kind === 'author') {
      if (record.author.login.trim()) await importAuthor(ctx, record.author)
    } else if (record.kind === 'term') {
      if ((await importTerm(ctx, record.term)) === null) waiting.push(record.term)
    } else {
      done++
      if (record.item.type === 'attachment') await step(ctx, trx, record.item, ctx.summary.attachments, () => importAttachment(ctx, record.item))
      options.onProgress?.({ phase: 'scan', done, total: 0 })
    }
  }
  await placeWaitingTerms(ctx, waiting)
  ctx.itemCount = done
}

/** Categories listed before their parents: retried until none moves; the rest go to the top level. */
async function placeWaitingTerms(ctx: ImportContext, waiting: WxrTerm[]): Promise<void> {
  let left = waiting
  while (left.length) {
    const next: WxrTerm[] = []
    for (const term of left) if ((await importTerm(ctx, term)) === null) next.push(term)
    if (next.length === left.length) {
      for (const term of next) {
        warn(ctx, `The category "${term.name}" has a parent ("${term.parent}") that is not in the file; it is imported at the top level.`)
        await importTerm(ctx, { ...term, parent: '' })
      }
      return
    }
    left = next
  }
}

/** Pass 2: posts and pages with their comments; menu items are collected. */
async function importItems(ctx: ImportContext, trx: Db, file: string, options: ImportOptions): Promise<void> {
  const count = ctx.itemCount
  let done = 0
  for await (const record of readWxrFile(file, options.readAhead)) {
    if (record.kind !== 'item') continue
    done++
    if (record.item.type !== 'attachment') await importItem(ctx, trx, record.item)
    options.onProgress?.({ phase: 'import', done, total: count })
  }
}

/** A post or page (with its comments), a menu item to place at the end, or an item of a type left out. */
async function importItem(ctx: ImportContext, trx: Db, item: WxrItem): Promise<void> {
  if (POST_TYPES.has(item.type)) await step(ctx, trx, item, countsFor(ctx, item.type), () => importPost(ctx, item))
  else if (item.type === 'nav_menu_item') collectMenuItem(ctx, item)
  else {
    const key = item.type || 'no post_type'
    ctx.summary.ignored[key] = (ctx.summary.ignored[key] ?? 0) + 1
  }
}

/** Parents, links, menus and attachment parents, once every item is in. */
async function finish(ctx: ImportContext): Promise<void> {
  ctx.recentPosts.clear()
  const { terms } = ctx.services
  const termIds = [...(await terms.list('category')), ...(await terms.list('post_tag'))].map((t) => t.id)
  for (let i = 0; i < termIds.length; i += 500) await terms.recount(termIds.slice(i, i + 500))
  await linkParents(ctx)
  await fixLinks(ctx)
  await saveMenus(ctx)
  for (const [parentOld, attachments] of ctx.attachedTo) {
    const parent = ctx.postsByOldId.get(parentOld)
    if (!parent) continue
    for (const oldId of attachments) {
      const media = ctx.mediaByOldId.get(oldId)
      if (media && ctx.createdMedia.has(media.id)) await ctx.repo.addMeta('media', media.id, [{ key: '_wxr_post_parent', value: String(parent.id) }])
    }
  }
  await ctx.repo.flush()
}

// Compiled once: a savepoint and its release around each of 100,000 items.
const SAVEPOINT = CompiledQuery.raw('savepoint wxr_item')
const RELEASE = CompiledQuery.raw('release savepoint wxr_item')
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint wxr_item')

/**
 * One item in a savepoint: an item the domain rules refuse is undone alone, counted and reported; any other
 * failure stops the import, naming the item.
 */
async function step(ctx: ImportContext, trx: Db, item: WxrItem, counts: { failed: number }, work: () => Promise<void>): Promise<void> {
  await trx.executeQuery(SAVEPOINT)
  ctx.repo.beginItem()
  try {
    await work()
  } catch (err) {
    await ctx.repo.endItem(false)
    await trx.executeQuery(ROLLBACK_TO)
    if (!isDomainError(err)) throw stoppedAt(item, err)
    counts.failed++
    warn(ctx, `${describeItem(item)}: ${err.message}`)
    return
  }
  await trx.executeQuery(RELEASE)
  // What the item remembered joins the rows written together; writing them may fail like any write.
  await ctx.repo.endItem(true).catch((err: unknown) => {
    throw stoppedAt(item, err)
  })
}

const stoppedAt = (item: WxrItem, err: unknown) => new WxrImportError(`Import stopped at ${describeItem(item)}: ${(err as Error).message}`, { cause: err })

async function removeFiles(dir: string, files: string[]): Promise<void> {
  const storage = createLocalStorage(dir)
  for (const key of files) await storage.remove(key).catch(() => undefined)
}
