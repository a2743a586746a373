import { type CommentRow, type Db, inTransaction } from '../db/index.js'
import type { Settings, SettingsService } from '../settings/index.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'
import type { Events } from '../shared/events.js'
import type { Actor } from '../users/index.js'
import { countLinks } from './comment-html.js'
import { createCommentsRepo, type CommentsRepo } from './comments.repo.js'
import { duplicateComment, FLOOD_MESSAGE, tooFast, tooMany } from './errors.js'
import { type CommentInput, type CommentPost, postToCommentOn, prepareComment } from './prepare.js'
import { type Candidate, findListed, wordList } from './rules.js'
import { type CommentSecrets, readFormToken } from './secrets.js'
import { HOLD_SCORE, SPAM_SCORE, type SpamCheck, type SpamContext } from './spam.js'

/** A new comment from a person, with what the site's form carried besides the comment itself. */
export interface Submission extends CommentInput {
  form?: {
    /** The hidden field people never see: anything in it was typed by a robot. */
    honeypot?: string
    /** The form's signed timestamp (`formToken`). */
    token?: string | null
  }
}

export interface Verdict {
  status: 'approved' | 'pending' | 'spam'
  reasons: string[]
}

interface SubmitDeps {
  db: Db
  clock: Clock
  settings: SettingsService
  events: Events
  secrets: CommentSecrets
  spamChecks: readonly SpamCheck[]
  avatarFor(c: Candidate): Promise<string>
  rowFor(c: Candidate, status: string, at: string, avatar: string, reason: string): Parameters<CommentsRepo['insert']>[0]
  canModerate(actor: Actor, post: { author_id: number | null }): boolean
}

const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000

/**
 * A reader's (or user's) new comment through every rule of the Discussion settings and every spam defence, in
 * WordPress's order: the post must take comments, then required fields, the form's timing, duplicates, flooding
 * and rate limits (refused), then the disallowed list and spam signals (spam), then the moderation rules (held).
 * Moderators and the post's author skip the defences and holds, as in WordPress; duplicates are refused for all.
 */
export function createSubmit({ db, clock, settings, events, secrets, spamChecks, avatarFor, rowFor, canModerate }: SubmitDeps) {
  const repo = createCommentsRepo(db)

  return async function submit(input: Submission, actor: Actor): Promise<CommentRow> {
    const all = await settings.all()
    const now = clock.now()
    const trusted = (post: CommentPost) => canModerate(actor, post)
    const post = await postToCommentOn(repo, input.postId, actor, all, now, trusted)
    const c = await prepareComment(repo, input, actor, post, all)
    if (c.parentId !== null) {
      const parent = await repo.findById(c.parentId)
      if (parent && parent.status !== 'approved' && !trusted(post)) {
        throw new DomainError('forbidden', 'comment_reply_to_unapproved_comment', 'Sorry, replies to unapproved comments are not allowed.', { field: 'comment_parent' })
      }
    }
    const verdict: Verdict = trusted(post) ? { status: 'approved', reasons: [] } : await judge(c, input, all, now)
    const avatar = await avatarFor(c)
    const row = await inTransaction(db, async (trx) => {
      const r = createCommentsRepo(trx)
      await r.lockPost(post.id)
      const dupe = await r.findDuplicate(c)
      if (dupe) throw duplicateComment(dupe.id)
      if (!trusted(post)) {
        await checkLimits(r, c, all, now)
        if (verdict.status === 'approved' && all.comment_previously_approved && !(await r.hasApproved({ userId: c.userId, name: c.authorName, email: c.authorEmail }))) {
          verdict.status = 'pending'
          verdict.reasons.push('First comment from this commenter: it waits until one of theirs is approved.')
        }
      }
      const inserted = await r.insert(rowFor(c, verdict.status, toIso(now), avatar, verdict.reasons.join(' ')))
      if (verdict.status === 'approved') await r.recountPost(post.id)
      return inserted
    })
    await events.emit({ type: 'comment.saved', comment: row, previous: null })
    return row
  }

  /** Spam or held, and why: everything that needs no lock (the form, the word lists, the spam checks). */
  async function judge(c: Candidate, input: Submission, all: Settings, now: Date): Promise<Verdict> {
    const spam: string[] = []
    const hold: string[] = []
    const notes: string[] = []
    let formToken: SpamContext['formToken'] = 'not-a-form'
    if (input.form) {
      const token = await readFormToken(secrets, input.form.token, c.postId)
      formToken = token.kind
      if (token.kind === 'valid' && all.comment_min_fill_seconds > 0) {
        const age = (now.getTime() - token.issuedAt.getTime()) / 1000
        if (age < all.comment_min_fill_seconds) throw tooFast(all.comment_min_fill_seconds - age)
      }
      if (input.form.honeypot) spam.push('The hidden field only robots fill in was filled in.')
    }
    const disallowed = findListed(wordList(all.disallowed_keys), c)
    if (disallowed) spam.push(`Matches the disallowed list ("${disallowed}").`)
    let score = 0
    for (const check of spamChecks) {
      try {
        const result = await check.check(c, { formToken })
        score += result.score ?? 0
        const why = result.reasons?.length ? ` (${check.name}: ${result.reasons.join('; ')})` : ` (${check.name})`
        if (result.verdict === 'spam') spam.push(`Spam by ${check.name}${why}.`)
        if (result.verdict === 'hold') hold.push(`Held by ${check.name}${why}.`)
        if (result.reasons?.length && !result.verdict) notes.push(`Noted by ${check.name}: ${result.reasons.join('; ')}.`)
      } catch (err) {
        hold.push(`The ${check.name} check failed (${(err as Error).message}): held to be safe.`)
      }
    }
    if (score >= SPAM_SCORE) spam.push(`Spam score ${score} (spam from ${SPAM_SCORE}).`)
    if (spam.length) return { status: 'spam', reasons: [...spam, ...hold, ...notes] }
    if (all.comment_moderation) hold.push('Every comment waits for approval.')
    const links = countLinks(c.html)
    if (all.comment_max_links > 0 && links >= all.comment_max_links) hold.push(`${links} links (held from ${all.comment_max_links}).`)
    const moderated = findListed(wordList(all.moderation_keys), c)
    if (moderated) hold.push(`Matches the moderation list ("${moderated}").`)
    if (score >= HOLD_SCORE) hold.push(`Spam score ${score} (held from ${HOLD_SCORE}).`)
    // Signals below the hold score are kept, after the reasons, only when something holds the comment.
    return hold.length ? { status: 'pending', reasons: [...hold, ...notes] } : { status: 'approved', reasons: [] }
  }

  /** Duplicates aside, the limits that refuse a comment outright (429), each off when its setting is 0. */
  async function checkLimits(r: CommentsRepo, c: Candidate, all: Settings, now: Date): Promise<void> {
    const ms = now.getTime()
    const since = (span: number) => toIso(new Date(ms - span))
    if (all.comment_flood_seconds > 0) {
      const latest = await r.latestFrom({ ip: c.authorIp, email: c.authorEmail, userId: c.userId }, since(all.comment_flood_seconds * 1000))
      if (latest) throw tooMany('comment_flood', FLOOD_MESSAGE, all.comment_flood_seconds - (ms - Date.parse(latest)) / 1000)
    }
    if (all.comment_rate_per_hour > 0 && c.authorIp) {
      const { n, oldest } = await r.countFromAddress(c.authorIp, since(HOUR_MS))
      if (Number(n) >= all.comment_rate_per_hour) {
        throw tooMany('comment_rate_limited', `Too many comments from your address in the last hour (at most ${all.comment_rate_per_hour}): please try again later.`, retryAfter(oldest, HOUR_MS, ms))
      }
    }
    if (all.comment_post_rate_per_minute > 0) {
      const { n, oldest } = await r.countOnPost(c.postId, since(MINUTE_MS))
      if (Number(n) >= all.comment_post_rate_per_minute) {
        throw tooMany('comment_post_busy', 'This article is getting a lot of comments right now: please try again in a minute.', retryAfter(oldest, MINUTE_MS, ms))
      }
    }
  }
}

const retryAfter = (oldest: unknown, span: number, now: number) => (typeof oldest === 'string' ? (Date.parse(oldest) + span - now) / 1000 : span / 1000)

export type Submit = ReturnType<typeof createSubmit>
