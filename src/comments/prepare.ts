import { z } from 'zod'
import type { CommentRow } from '../db/index.js'
import type { Settings } from '../settings/index.js'
import { DomainError, invalid } from '../shared/errors.js'
import { type Actor, actorUserId } from '../users/index.js'
import { commentText, commentToHtml, sanitizeComment } from './comment-html.js'
import type { CommentsRepo } from './comments.repo.js'
import { commentsClosed, missingField, registrationRequired } from './errors.js'
import { type Candidate, cleanAuthorUrl, closedByAge } from './rules.js'

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
  /** The account that wrote it, for importers: the acting user's own otherwise. */
  userId?: number | null
  /** `comment` unless an importer brings a `pingback` or `trackback`. */
  type?: string
}

/** WordPress's column limits. The comment's is in bytes (UTF-8), as WordPress counts it: 64 KB less a few. */
export const MAX_CONTENT = 65_525
/** Whether a comment's text is over the limit: counted in UTF-8 bytes, so 30,000 emoji are as refused as 70,000 letters. */
export const isTooLong = (text: string): boolean => Buffer.byteLength(text, 'utf8') > MAX_CONTENT
const MAX_NAME = 245
const MAX_EMAIL = 100

const emailSchema = z.email()

export type CommentPost = NonNullable<Awaited<ReturnType<CommentsRepo['findPost']>>>

/** The post a comment goes on, if it can take one from this actor now. */
export async function postToCommentOn(
  repo: CommentsRepo,
  postId: number,
  actor: Actor,
  settings: Settings,
  now: Date,
  moderator: (post: CommentPost) => boolean,
  { anyStatus = false } = {},
): Promise<CommentPost> {
  const post = Number.isSafeInteger(postId) ? await repo.findPost(postId) : undefined
  const shown = post && (post.status === 'publish' || (anyStatus && post.status !== 'trash' && moderator(post)))
  if (!post || !shown) throw invalid('invalid_comment_post', `No published post with id ${postId} to comment on (the "comment_post_ID" field).`, { post: postId, field: 'comment_post_ID' })
  if (!moderator(post)) {
    if (post.comment_status !== 'open' || closedByAge(post, settings, now)) throw commentsClosed()
    // Readers cannot open a password-protected post's text here, so they cannot take part in its discussion either.
    if (post.password !== '') throw new DomainError('forbidden', 'comment_on_password_protected', 'Sorry, this post is password protected.')
    if (settings.comment_registration && actor.kind === 'anonymous') throw registrationRequired()
  }
  return post
}

/**
 * A comment made ready to store: the signed-in writer's own name and address (what they typed is ignored, as in
 * WordPress), required fields checked, the website reduced to http(s), the HTML to the allowlist, and the parent
 * checked and moved up when the reply would sit deeper than threads go.
 */
export async function prepareComment(
  repo: CommentsRepo,
  input: CommentInput,
  actor: Actor,
  post: CommentPost,
  settings: Settings,
  { asGiven = false } = {},
): Promise<Candidate> {
  const userId = asGiven && input.userId !== undefined ? input.userId : actorUserId(actor)
  const user = userId === null ? undefined : await repo.findUser(userId)
  let name = (input.authorName ?? '').trim()
  let email = (input.authorEmail ?? '').trim().toLowerCase()
  let url = input.authorUrl ?? ''
  if (user && (!asGiven || (!name && !email))) [name, email, url] = [user.display_name, user.email.toLowerCase(), asGiven ? url || user.url : user.url]
  if (isTooLong(input.content)) throw invalid('comment_too_long', 'Your comment is too long.', { field: 'comment', limit: MAX_CONTENT })
  const content = sanitizeComment(input.content)
  const html = content ? commentToHtml(content) : ''
  const text = commentText(html)
  if (!text && !/<a\s/.test(html)) throw missingField('comment')
  if (!user && !asGiven && settings.require_name_email) {
    if (!name) throw missingField('author')
    if (!email) throw missingField('email')
  }
  if (name.length > MAX_NAME) throw invalid('comment_author_too_long', `Your name is too long: the "author" field takes at most ${MAX_NAME} characters.`, { field: 'author' })
  if (email && (email.length > MAX_EMAIL || !emailSchema.safeParse(email).success)) {
    throw invalid('invalid_email', 'Please enter a valid email address in the "email" field.', { field: 'email' })
  }
  const parentId = await threadParent(repo, input.parentId ?? null, post.id, asGiven ? null : settings)
  return {
    postId: post.id,
    parentId,
    userId,
    authorName: name,
    authorEmail: email,
    authorUrl: cleanAuthorUrl(url),
    authorIp: (input.authorIp ?? '').trim().slice(0, 100),
    userAgent: (input.authorUserAgent ?? '').slice(0, 254),
    content,
    html,
    text,
  }
}

/**
 * The parent a reply is stored under. Replies go at most `thread_comments_depth` deep (flat when threading is off):
 * a reply to a comment at the limit joins that comment's own thread, as its sibling, instead of going deeper.
 */
async function threadParent(repo: CommentsRepo, parentId: number | null, postId: number, settings: Settings | null): Promise<number | null> {
  if (!parentId) return null
  const parent = await repo.findById(parentId)
  if (!parent || parent.post_id !== postId) throw invalid('invalid_comment_parent', 'The comment you reply to is not on this post (the "comment_parent" field).', { field: 'comment_parent' })
  if (!settings) return parent.id
  const maxDepth = settings.thread_comments ? settings.thread_comments_depth : 1
  const chain: CommentRow[] = [parent]
  for (let at = parent; at.parent_id !== null && chain.length < 64; ) {
    const up = await repo.findById(at.parent_id)
    if (!up) break
    chain.push(up)
    at = up
  }
  // chain[0] is the parent, chain.at(-1) the thread's first comment: the reply would sit at depth chain.length + 1.
  if (chain.length < maxDepth) return parent.id
  return maxDepth <= 1 ? null : chain[chain.length - maxDepth + 1]!.id
}
