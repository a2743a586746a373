import { z } from 'zod'
import type { CommentRow, Db } from '../db/index.js'
import type { SettingsService } from '../settings/index.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createEvents, type Events } from '../shared/events.js'
import { type Actor, actorUserId, can, requireCapability } from '../users/index.js'
import { createCommentsRepo } from './comments.repo.js'

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const
export type CommentStatus = (typeof COMMENT_STATUSES)[number]
export const isCommentStatus = (value: string): value is CommentStatus => (COMMENT_STATUSES as readonly string[]).includes(value)

export interface CommentInput {
  postId: number
  parentId?: number | null
  authorName?: string
  authorEmail?: string
  authorUrl?: string
  authorIp?: string
  authorUserAgent?: string
  content: string
  /** Moderators and importers may set it; everyone else gets what the discussion rules say. */
  status?: string
  createdAt?: Date
}

const emailSchema = z.email()
export const commentNotFound = (id: number) => new DomainError('not_found', 'comment_not_found', `Comment ${id} not found.`, { id })

/** Comments as stored: submission with the basic discussion rules, and status changes by moderators. */
export function createCommentsService({ db, clock, settings, events = createEvents() }: { db: Db; clock: Clock; settings: SettingsService; events?: Events }) {
  const repo = createCommentsRepo(db)

  async function create(input: CommentInput, actor: Actor): Promise<CommentRow> {
    const post = await db.selectFrom('posts').select(['id', 'status', 'comment_status']).where('id', '=', input.postId).executeTakeFirst()
    if (!post || post.status !== 'publish') throw invalid('invalid_comment_post', `No published post with id ${input.postId} to comment on.`, { post: input.postId })
    const moderator = can(actor, 'moderate_comments')
    if (post.comment_status !== 'open' && !moderator) throw new DomainError('forbidden', 'comments_closed', 'Comments are closed on this post.')
    const content = input.content.trim()
    if (!content) throw invalid('empty_comment', 'Please type your comment.')
    if (content.length > 65_525) throw invalid('comment_too_long', 'Your comment is too long.')
    const rules = await settings.all()
    const email = (input.authorEmail ?? '').trim().toLowerCase()
    const name = (input.authorName ?? '').trim()
    if (actor.kind !== 'user' && rules.require_name_email && (!name || !email)) {
      throw invalid('require_name_email', 'Please fill the required fields (name, email).')
    }
    if (email && !emailSchema.safeParse(email).success) throw invalid('invalid_email', 'Please enter a valid email address.')
    if (input.parentId != null) {
      const parent = await repo.findById(input.parentId)
      if (!parent || parent.post_id !== post.id) throw invalid('invalid_comment_parent', 'The comment you reply to is not on this post.')
    }
    let status: string = rules.comment_moderation && !moderator ? 'pending' : 'approved'
    if (input.status !== undefined) {
      if (!isCommentStatus(input.status)) throw invalid('invalid_comment_status', `Unknown comment status "${input.status}".`)
      requireCapability(actor, 'moderate_comments')
      status = input.status
    }
    const at = toIso(input.createdAt ?? clock.now())
    const row = await repo.insert({
      post_id: post.id,
      parent_id: input.parentId ?? null,
      user_id: actorUserId(actor),
      author_name: name.slice(0, 245),
      author_email: email,
      author_url: (input.authorUrl ?? '').trim().slice(0, 200),
      author_ip: input.authorIp ?? '',
      author_user_agent: (input.authorUserAgent ?? '').slice(0, 254),
      content,
      status,
      type: 'comment',
      created_at: at,
      modified_at: at,
    })
    if (status === 'approved') await repo.recountPost(post.id)
    await events.emit({ type: 'comment.saved', comment: row, previous: null })
    return row
  }

  async function setStatus(id: number, status: string, actor: Actor): Promise<CommentRow> {
    requireCapability(actor, 'moderate_comments')
    if (!isCommentStatus(status)) throw invalid('invalid_comment_status', `Unknown comment status "${status}".`)
    const comment = await repo.findById(id)
    if (!comment) throw commentNotFound(id)
    const updated = await repo.update(id, { status, modified_at: toIso(clock.now()) })
    await repo.recountPost(comment.post_id)
    await events.emit({ type: 'comment.saved', comment: updated, previous: comment })
    return updated
  }

  async function remove(id: number, actor: Actor): Promise<CommentRow> {
    requireCapability(actor, 'moderate_comments')
    const comment = await repo.findById(id)
    if (!comment) throw commentNotFound(id)
    await repo.delete(id)
    await repo.recountPost(comment.post_id)
    await events.emit({ type: 'comment.deleted', comment })
    return comment
  }

  return {
    create,
    setStatus,
    remove,
    approvedFor: (postId: number) => repo.listForPost(postId, ['approved']),
    list: (query: Parameters<typeof repo.list>[0], actor: Actor) => {
      requireCapability(actor, 'moderate_comments')
      return repo.list(query)
    },
    counts: () => repo.countByStatus(),
  }
}

export type CommentsService = ReturnType<typeof createCommentsService>
