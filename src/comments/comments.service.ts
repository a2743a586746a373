import { type CommentRow, type Db, inTransaction } from '../db/index.js'
import type { SettingsService } from '../settings/index.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { invalid } from '../shared/errors.js'
import { createEvents, type Events } from '../shared/events.js'
import { type Actor, requireCapability } from '../users/index.js'
import { commentText, commentToHtml, sanitizeComment } from './comment-html.js'
import { type CommentListQuery, createCommentsRepo } from './comments.repo.js'
import { commentNotFound } from './errors.js'
import { createModeration } from './moderation.js'
import { canModerate, moderatedAuthor, requireModerator } from './permissions.js'
import { type CommentInput, isTooLong, postToCommentOn, prepareComment } from './prepare.js'
import { cleanAuthorUrl, commentsOpen } from './rules.js'
import { avatarHash, checkModerationHash, createCommentSecrets, formToken, moderationHash } from './secrets.js'
import { builtInSignals, type SpamCheck } from './spam.js'
import { createSubmit } from './submit.js'

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const
export type CommentStatus = (typeof COMMENT_STATUSES)[number]
export const isCommentStatus = (value: string): value is CommentStatus => (COMMENT_STATUSES as readonly string[]).includes(value)

export type CommentCounts = Record<CommentStatus, number> & { total: number }

export interface CommentChanges {
  content?: string
  authorName?: string
  authorEmail?: string
  authorUrl?: string
  status?: string
}

export interface CommentsDeps {
  db: Db
  clock: Clock
  settings: SettingsService
  events?: Events
  /** The checks a new comment passes through: the built-in signals unless others are given (an external service). */
  spamChecks?: readonly SpamCheck[]
}

/**
 * Comments: a reader's submission through every discussion rule and spam defence (`submit`), a comment as given
 * for importers and moderators (`create`), and moderation (approve, spam, trash, edit, reply…) with its checks.
 */
export function createCommentsService({ db, clock, settings, events = createEvents(), spamChecks = [builtInSignals] }: CommentsDeps) {
  const repo = createCommentsRepo(db)
  const secrets = createCommentSecrets(repo)

  /** The identity an avatar is drawn from: the email, else the account, else the name. */
  const avatarFor = (c: { authorEmail: string; userId: number | null; authorName: string }) =>
    avatarHash(secrets, c.authorEmail || (c.userId !== null ? `user:${c.userId}` : `name:${c.authorName}`))

  /** A comment as given: for importers, moderators and tests. A reader's new comment goes through `submit`. */
  async function create(input: CommentInput, actor: Actor): Promise<CommentRow> {
    const all = await settings.all()
    const now = clock.now()
    // What an importer or moderator gives (a status) is taken as it is: any post, any thread, no required fields.
    const asGiven = input.status !== undefined
    if (asGiven) {
      if (!isCommentStatus(input.status!)) throw invalid('invalid_comment_status', `Unknown comment status "${input.status}".`)
      requireCapability(actor, 'moderate_comments')
    }
    if (input.type !== undefined && !/^[a-z_-]{1,20}$/.test(input.type)) throw invalid('invalid_comment_type', `Unknown comment type "${input.type}".`)
    const post = await postToCommentOn(repo, input.postId, actor, all, now, (p) => canModerate(actor, p), { anyStatus: asGiven })
    const c = await prepareComment(repo, input, actor, post, all, { asGiven })
    const status = input.status ?? (all.comment_moderation && !canModerate(actor, post) ? 'pending' : 'approved')
    const at = toIso(input.createdAt ?? now)
    const avatar = await avatarFor(c)
    const row = await inTransaction(db, async (trx) => {
      const r = createCommentsRepo(trx)
      const inserted = await r.insert({
        ...rowFor(c, status, at, avatar, status === 'pending' && !asGiven ? 'Every comment waits for approval.' : ''),
        type: input.type ?? 'comment',
      })
      if (status === 'approved') await r.recountPost(post.id)
      return inserted
    })
    await events.emit({ type: 'comment.saved', comment: row, previous: null })
    return row
  }

  /** A moderator's edit of the words, the name, the addresses or the status. */
  async function update(id: number, changes: CommentChanges, actor: Actor): Promise<CommentRow> {
    const comment = await get(id, actor)
    const set: Partial<CommentRow> = { modified_at: toIso(clock.now()) }
    if (changes.content !== undefined) {
      if (isTooLong(changes.content)) throw invalid('comment_too_long', 'The comment is too long.', { field: 'comment' })
      set.content = sanitizeComment(changes.content)
      set.content_html = set.content ? commentToHtml(set.content) : ''
      if (!commentText(set.content_html) && !/<a\s/.test(set.content_html)) throw invalid('empty_comment', 'A comment cannot be empty.', { field: 'comment' })
    }
    if (changes.authorName !== undefined) set.author_name = changes.authorName.trim().slice(0, 245)
    if (changes.authorUrl !== undefined) set.author_url = cleanAuthorUrl(changes.authorUrl)
    if (changes.authorEmail !== undefined) {
      set.author_email = changes.authorEmail.trim().toLowerCase()
      set.avatar_hash = await avatarFor({ authorEmail: set.author_email, userId: comment.user_id, authorName: set.author_name ?? comment.author_name })
    }
    if (changes.status !== undefined) {
      if (!isCommentStatus(changes.status)) throw invalid('invalid_comment_status', `Unknown comment status "${changes.status}".`)
      Object.assign(set, moderation.statusChange(comment, changes.status))
    }
    const updated = await inTransaction(db, async (trx) => {
      const r = createCommentsRepo(trx)
      const saved = await r.update(id, set)
      await r.recountPost(comment.post_id)
      return saved
    })
    await events.emit({ type: 'comment.saved', comment: updated, previous: comment })
    return updated
  }

  /** One comment, for whoever may moderate it (a hidden one looks like a missing one to anybody else). */
  async function get(id: number, actor: Actor): Promise<CommentRow> {
    const comment = await repo.findById(id)
    if (!comment) throw commentNotFound(id)
    const post = await repo.findPost(comment.post_id)
    requireModerator(actor, post ?? { author_id: null })
    return comment
  }

  const moderation = createModeration({ db, clock, events, get, create })
  const submit = createSubmit({ db, clock, settings, events, secrets, spamChecks, avatarFor, rowFor, canModerate })

  return {
    create,
    submit,
    update,
    get,
    ...moderation.operations,
    approvedFor: (postId: number) => repo.listForPost(postId, ['approved']),
    /** The held comment a `?unapproved=ID&moderation-hash=…` link shows its writer, if the hash is right. */
    async heldFor(id: number, hash: string): Promise<CommentRow | null> {
      const comment = Number.isSafeInteger(id) ? await repo.findById(id) : undefined
      if (!comment || (comment.status !== 'pending' && comment.status !== 'spam')) return null
      return (await checkModerationHash(secrets, comment, hash)) ? comment : null
    },
    moderationHash: (comment: Pick<CommentRow, 'id' | 'created_at'>) => moderationHash(secrets, comment),
    /** A signed timestamp for a comment form on this post, read back by `submit` for the minimum fill time. */
    formToken: (postId: number) => formToken(secrets, postId, clock.now()),
    /** Whether readers may comment on the post now (open, published, not closed by age). */
    async isOpen(post: { comment_status: string; status: string; published_at: string | null }): Promise<boolean> {
      return commentsOpen(post, await settings.all(), clock.now())
    },
    emailForAvatar: (hash: string) => repo.emailForAvatar(hash),
    async list(query: CommentListQuery, actor: Actor): Promise<CommentRow[]> {
      const authorId = moderatedAuthor(actor)
      return repo.list(authorId === null ? query : { ...query, postAuthorId: authorId })
    },
    /** How many comments each status holds (on one post, or on all a moderator may see). */
    async counts(filter: { postId?: number } = {}, actor?: Actor): Promise<CommentCounts> {
      const authorId = actor ? moderatedAuthor(actor) : null
      const byStatus = await repo.countByStatus(authorId === null ? filter : { ...filter, postAuthorId: authorId })
      const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, byStatus[s] ?? 0])) as CommentCounts
      counts.total = COMMENT_STATUSES.reduce((sum, s) => sum + counts[s], 0)
      return counts
    },
    canModerate,
    forgetSecrets: secrets.forget,
  }
}

/** The row to insert for a prepared comment. */
function rowFor(c: Awaited<ReturnType<typeof prepareComment>>, status: string, at: string, avatar: string, reason: string) {
  return {
    post_id: c.postId,
    parent_id: c.parentId,
    user_id: c.userId,
    author_name: c.authorName,
    author_email: c.authorEmail,
    author_url: c.authorUrl,
    author_ip: c.authorIp,
    author_user_agent: c.userAgent,
    content: c.content,
    content_html: c.html,
    avatar_hash: avatar,
    moderation_reason: reason,
    previous_status: '',
    status,
    type: 'comment',
    created_at: at,
    modified_at: at,
  }
}

export type RowFor = typeof rowFor
export type CommentsService = ReturnType<typeof createCommentsService>
