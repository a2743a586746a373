import { type CommentRow, type Db, inTransaction } from '../db/index.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { invalid } from '../shared/errors.js'
import type { Events } from '../shared/events.js'
import type { Actor } from '../users/index.js'
import { createCommentsRepo } from './comments.repo.js'
import { commentNotFound } from './errors.js'
import { requireModerator } from './permissions.js'
import type { CommentInput } from './prepare.js'

/** What a moderator can do to a comment, by the names the CLI and the admin use. */
export const MODERATION_ACTIONS = ['approve', 'unapprove', 'spam', 'unspam', 'trash', 'restore', 'delete'] as const
export type ModerationAction = (typeof MODERATION_ACTIONS)[number]
export const isModerationAction = (value: string): value is ModerationAction => (MODERATION_ACTIONS as readonly string[]).includes(value)

const STATUSES = new Set(['pending', 'approved', 'spam', 'trash'])

interface ModerationDeps {
  db: Db
  clock: Clock
  events: Events
  get(id: number, actor: Actor): Promise<CommentRow>
  create(input: CommentInput, actor: Actor): Promise<CommentRow>
}

/**
 * The status a comment gets from an action. Spam and the trash remember where the comment came from, so "not
 * spam" and "restore" put it back there (or into the moderation queue when nothing was remembered).
 */
function target(comment: CommentRow, action: Exclude<ModerationAction, 'delete'>): string {
  switch (action) {
    case 'approve':
      return 'approved'
    case 'unapprove':
      return 'pending'
    case 'spam':
      return 'spam'
    case 'trash':
      return 'trash'
    case 'unspam':
      return comment.status === 'spam' ? backFrom(comment) : comment.status
    case 'restore':
      return comment.status === 'trash' ? backFrom(comment) : comment.status
  }
}

const backFrom = (comment: CommentRow) => (comment.previous_status && STATUSES.has(comment.previous_status) && comment.previous_status !== comment.status ? comment.previous_status : 'pending')

/** The columns that change when a comment moves to `status`. */
function statusChange(comment: CommentRow, status: string): Partial<CommentRow> {
  if (status === comment.status) return {}
  const parking = status === 'spam' || status === 'trash'
  return { status, previous_status: parking ? comment.status : '', ...(status === 'approved' ? { moderation_reason: '' } : {}) }
}

export function createModeration({ db, clock, events, get, create }: ModerationDeps) {
  /** Applies actions to comments in one transaction: all of them happen, or (one missing or refused) none. */
  async function moderate(ids: readonly number[], action: ModerationAction, actor: Actor): Promise<CommentRow[]> {
    const changes: { before: CommentRow; after: CommentRow | null }[] = []
    await inTransaction(db, async (trx) => {
      const repo = createCommentsRepo(trx)
      const posts = new Set<number>()
      for (const id of ids) {
        const comment = await repo.findById(id)
        if (!comment) throw commentNotFound(id)
        requireModerator(actor, (await repo.findPost(comment.post_id)) ?? { author_id: null })
        posts.add(comment.post_id)
        if (action === 'delete') {
          await repo.delete(comment)
          changes.push({ before: comment, after: null })
          continue
        }
        const set = statusChange(comment, target(comment, action))
        changes.push({ before: comment, after: Object.keys(set).length ? await repo.update(id, { ...set, modified_at: toIso(clock.now()) }) : comment })
      }
      for (const postId of posts) await repo.recountPost(postId)
    })
    for (const { before, after } of changes) {
      if (after === null) await events.emit({ type: 'comment.deleted', comment: before })
      else if (after !== before) await events.emit({ type: 'comment.saved', comment: after, previous: before })
    }
    return changes.map((c) => c.after ?? c.before)
  }

  const one = (action: ModerationAction) => async (id: number, actor: Actor) => (await moderate([id], action, actor))[0]!

  async function setStatus(id: number, status: string, actor: Actor): Promise<CommentRow> {
    if (!STATUSES.has(status)) {
      await get(id, actor)
      throw invalid('invalid_comment_status', `Unknown comment status "${status}".`)
    }
    const action = ({ approved: 'approve', pending: 'unapprove', spam: 'spam', trash: 'trash' } as const)[status as 'approved']
    return one(action)(id, actor)
  }

  /** A moderator's reply, which approves the comment it answers when that one was waiting (WordPress's "Approve and Reply"). */
  async function reply(parentId: number, content: string, actor: Actor): Promise<CommentRow> {
    const parent = await get(parentId, actor)
    if (parent.status === 'pending') await moderate([parent.id], 'approve', actor)
    return create({ postId: parent.post_id, parentId: parent.id, content }, actor)
  }

  return {
    statusChange,
    operations: {
      moderate,
      setStatus,
      reply,
      approve: one('approve'),
      unapprove: one('unapprove'),
      spam: one('spam'),
      unspam: one('unspam'),
      trash: one('trash'),
      restore: one('restore'),
      /** Deletes for good; the replies move up to the deleted comment's parent. */
      remove: one('delete'),
    },
  }
}
