import { createPostsRepo, type PostInput } from '../content/index.js'
import { systemActor } from '../users/index.js'
import { wpDateToIso } from './dates.js'
import { authorOf, decodeSlug, isEmail, termsOfItem } from './import-authors-terms.js'
import { type Counts, type ImportContext, int, oldPath, rememberRecentPost, warn } from './import-context.js'
import { convertContent } from './import-links.js'
import { keptMeta, metaValue } from './import-media.js'
import { describeItem, type WxrComment, type WxrItem } from './types.js'

const STATUSES = new Set(['publish', 'draft', 'pending', 'private', 'future'])

export const countsFor = (ctx: ImportContext, type: string): Counts => (type === 'page' ? ctx.summary.pages : ctx.summary.posts)

/** The post an item was imported as before (same export site and id, or same GUID), if it is still there. */
async function alreadyImported(ctx: ImportContext, item: WxrItem): Promise<number | undefined> {
  // By id when there is one: GUIDs are not always unique (WordPress.com exports repeat some).
  const found = item.id ? await ctx.repo.find('post', ctx.source, item.id) : item.guid ? await ctx.repo.findByGuid('post', item.guid) : undefined
  if (found && (await ctx.repo.exists('posts', found.new_id))) return found.new_id
  return undefined
}

/** A post or page with its terms, featured image and comments. */
export async function importPost(ctx: ImportContext, item: WxrItem): Promise<void> {
  const type = item.type
  const counts = countsFor(ctx, type)
  const oldId = int(item.id)
  const existing = await alreadyImported(ctx, item)
  if (existing !== undefined) {
    if (oldId) ctx.postsByOldId.set(oldId, { id: existing, type })
    counts.skipped++
    await importComments(ctx, item, existing)
    return
  }
  const wpStatus = item.status || 'draft'
  if (wpStatus === 'auto-draft' || wpStatus === 'inherit') {
    ctx.summary.ignored[`${type}:${wpStatus}`] = (ctx.summary.ignored[`${type}:${wpStatus}`] ?? 0) + 1
    return
  }
  const trashed = wpStatus === 'trash'
  let status = trashed ? (metaValue(item, '_wp_trash_meta_status') ?? 'draft') : wpStatus
  if (!STATUSES.has(status)) {
    warn(ctx, `${describeItem(item)}: unknown status "${status}", imported as a draft.`)
    status = 'draft'
  }
  const tz = ctx.timeZone
  const date = wpDateToIso(item.dateGmt, item.date, tz)
  // A draft never published has no GMT date in WordPress: it has no publication date here either.
  const publishedAt = (status === 'draft' || status === 'pending') && !wpDateToIso(item.dateGmt, '', tz) ? null : date
  const createdAt = date ?? undefined
  const modifiedAt = wpDateToIso(item.modifiedGmt, item.modified, tz) ?? createdAt
  const { html, complete } = await convertContent(ctx, item.content, oldId, item.converted)
  const parentOld = int(item.parent)
  const parent = type === 'page' && parentOld ? ctx.postsByOldId.get(parentOld) : undefined
  const thumbnail = int(metaValue(item, '_thumbnail_id') ?? '')
  const featured = thumbnail ? ctx.mediaByOldId.get(thumbnail)?.id : undefined
  if (thumbnail && featured === undefined) warn(ctx, `${describeItem(item)}: its featured image (attachment ${thumbnail}) is not in the file.`)
  const terms = type === 'post' ? await termsOfItem(ctx, item.terms) : { categories: [], tags: [] }
  const sticky = type === 'post' && (item.sticky === '1' || metaValue(item, 'sticky') === '1' || metaValue(item, '_sticky') === '1')
  const input: PostInput = {
    type,
    title: item.title,
    content: html,
    format: 'html',
    excerpt: item.excerpt.trim(),
    status,
    slug: decodeSlug(item.name) || undefined,
    authorId: await authorOf(ctx, item.creator),
    parentId: parent?.type === 'page' ? parent.id : undefined,
    featuredMediaId: featured,
    password: item.password,
    publishedAt,
    commentStatus: item.commentStatus === 'open' || item.commentStatus === 'closed' ? item.commentStatus : undefined,
    sticky,
    menuOrder: int(item.menuOrder),
    categories: terms.categories.length ? terms.categories : undefined,
    tags: terms.tags.length ? terms.tags : undefined,
    createdAt,
    modifiedAt,
    // Counting a category's posts after each of 100,000 posts costs more than the import: counted once at the end.
    deferTermCounts: true,
    // As WordPress's importer: revisions come from edits made here, not from the import.
    noRevision: true,
  }
  const { posts } = ctx.services
  let post = await posts.create(input, systemActor)
  if (trashed) post = await posts.trash(post.id, systemActor)
  const before = oldId ? ctx.postsByOldId.get(oldId) : undefined
  if (oldId) ctx.postsByOldId.set(oldId, { id: post.id, type })
  rememberRecentPost(ctx, post)
  if (type === 'page' && parentOld && !parent) ctx.pendingParents.push({ id: post.id, parentOld, modifiedAt: post.modified_at })
  if (!complete) ctx.needsLinkFixup.add(post.id)
  // Should a comment of it be refused, the post is undone: nothing may point at it any more.
  ctx.repo.whenUndone(() => {
    if (oldId && before) ctx.postsByOldId.set(oldId, before)
    else if (oldId) ctx.postsByOldId.delete(oldId)
    ctx.recentPosts.delete(post.id)
    ctx.pendingParents = ctx.pendingParents.filter((p) => p.id !== post.id)
    ctx.needsLinkFixup.delete(post.id)
  })
  await ctx.repo.remember({ kind: 'post', source: ctx.source, old_id: item.id || `guid:${item.guid}`, new_id: post.id, guid: item.guid, old_path: item.link ? oldPath(item.link) : '' })
  await ctx.repo.addMeta('post', post.id, keptMeta(item))
  await rememberOldSlugs(ctx, item, post)
  counts.imported++
  ctx.repo.whenUndone(() => counts.imported--)
  await importComments(ctx, item, post.id)
}

/**
 * `_wp_old_slug`: addresses the post had before it was renamed on the old site. Remembered as the post's old
 * slugs, as a rename here is, so they redirect to it; one that is some other post's slug now is left alone.
 */
async function rememberOldSlugs(ctx: ImportContext, item: WxrItem, post: { id: number; type: string; slug: string; created_at: string }): Promise<void> {
  const old = new Set(item.meta.filter((m) => m.key === '_wp_old_slug').map((m) => decodeSlug(m.value)).filter((s) => s && s !== post.slug))
  if (!old.size) return
  const repo = createPostsRepo(ctx.services.handle.db)
  for (const slug of old) {
    if (await repo.slugTaken(post.type, slug)) continue
    const owner = await repo.findOldSlug(post.type, slug)
    if (owner !== undefined && owner !== post.id) warn(ctx, `${describeItem(item)}: the old slug "${slug}" was another post's old slug; it now redirects here.`)
    await repo.rememberOldSlug(post.id, post.type, slug, post.created_at)
  }
}

const COMMENT_STATUS: Record<string, string> = { '1': 'approved', approve: 'approved', approved: 'approved', '0': 'pending', hold: 'pending', spam: 'spam', trash: 'trash', 'post-trashed': 'trash' }

/** Parents before their replies, whatever order the file has them in. */
function threadOrder(comments: readonly WxrComment[]): WxrComment[] {
  const byId = new Map(comments.map((c) => [c.id, c]))
  const out: WxrComment[] = []
  const seen = new Set<WxrComment>()
  const visit = (c: WxrComment, depth: number) => {
    if (seen.has(c)) return
    seen.add(c)
    const parent = byId.get(c.parent)
    if (parent && depth < 100) visit(parent, depth + 1)
    out.push(c)
  }
  for (const c of comments) visit(c, 0)
  return out
}

export async function importComments(ctx: ImportContext, item: WxrItem, postId: number): Promise<void> {
  if (!item.comments.length) return
  const newIds = new Map<string, number>()
  const counts = ctx.summary.comments
  for (const comment of threadOrder(item.comments)) {
    const legacy = comment.id ? await ctx.repo.find('comment', ctx.source, comment.id) : undefined
    if (legacy && (await ctx.repo.exists('comments', legacy.new_id))) {
      newIds.set(comment.id, legacy.new_id)
      counts.skipped++
      continue
    }
    const where = `comment ${comment.id || '(no id)'} on ${describeItem(item)}`
    if (!comment.content.trim()) {
      counts.failed++
      warn(ctx, `${where}: it is empty and was left out.`)
      continue
    }
    let email = comment.authorEmail.trim()
    if (email && !isEmail(email)) {
      warn(ctx, `${where}: "${email}" is not a valid email address and was dropped.`)
      email = ''
    }
    const status = COMMENT_STATUS[comment.approved.trim()] ?? 'pending'
    const date = wpDateToIso(comment.dateGmt, comment.date, ctx.timeZone)
    const row = await ctx.services.comments.create(
      {
        postId,
        parentId: newIds.get(comment.parent) ?? null,
        authorName: comment.author,
        authorEmail: email,
        authorUrl: comment.authorUrl,
        authorIp: comment.authorIp,
        content: comment.content,
        status,
        createdAt: date ? new Date(date) : undefined,
        userId: commentUser(ctx, comment),
        type: comment.type && comment.type !== 'comment' ? comment.type : undefined,
      },
      systemActor,
    )
    if (comment.id) {
      newIds.set(comment.id, row.id)
      await ctx.repo.remember({ kind: 'comment', source: ctx.source, old_id: comment.id, new_id: row.id })
    }
    await ctx.repo.addMeta('comment', row.id, comment.meta)
    counts.imported++
    ctx.repo.whenUndone(() => counts.imported--)
  }
}

/**
 * The user who wrote a comment, when the file says a registered user did: the author with that old id, or, in
 * files whose authors carry no id (WXR 1.0, the Theme Unit Test data), the author with the comment's email.
 */
function commentUser(ctx: ImportContext, comment: WxrComment): number | null {
  const old = comment.userId.trim()
  if (!old || old === '0') return null
  return ctx.usersByOldId.get(old) ?? ctx.usersByEmail.get(comment.authorEmail.trim().toLowerCase()) ?? null
}

/** Pages imported before their parent get it now. */
export async function linkParents(ctx: ImportContext): Promise<void> {
  for (const { id, parentOld, modifiedAt } of ctx.pendingParents) {
    const parent = ctx.postsByOldId.get(parentOld)
    if (!parent || parent.type !== 'page') {
      warn(ctx, `Page ${id}: its parent (post_id ${parentOld}) is not in the file; it stays at the top level.`)
      continue
    }
    const page = await ctx.services.handle.db.selectFrom('posts').select('status').where('id', '=', id).executeTakeFirst()
    if (page?.status === 'trash') continue
    await ctx.services.posts.update(id, { parentId: parent.id, modifiedAt }, systemActor)
  }
  ctx.pendingParents.length = 0
}
