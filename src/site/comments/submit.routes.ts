import type {} from '@fastify/cookie'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { isTooLong, MAX_CONTENT } from '../../comments/index.js'
import type { Services } from '../../services.js'
import { DomainError, invalid } from '../../shared/errors.js'
import { systemActor } from '../../users/index.js'
import { toProblem } from '../../http/error-handler.js'
import { commentErrorPage } from './error-page.js'

/** The remembered name, email and website (only when the reader ticks the box): read by the form's script. */
export const COMMENTER_COOKIE = 'pressroom_commenter'
export const HONEYPOT_FIELD = 'pressroom_hp'
export const TOKEN_FIELD = 'pressroom_form_ts'
const YEAR_SECONDS = 365 * 86_400

/** Statuses that differ from the general mapping here: a comment over the size limit is a 413, as its body would be. */
const STATUS_BY_CODE: Record<string, number> = { comment_too_long: 413, invalid_comment_post: 404, method_not_allowed: 405 }

type Form = Record<string, unknown>

const text = (form: Form, name: string): string | undefined => {
  const value = form[name]
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first : undefined
}

function idField(form: Form, name: string, required: boolean): number | null {
  const raw = text(form, name)?.trim()
  if (raw === undefined || raw === '') {
    if (required) throw invalid('missing_field', `The "${name}" field is missing: the comment form was not sent whole.`, { field: name })
    return null
  }
  const id = Number(raw)
  if (!Number.isSafeInteger(id) || id < 0) throw invalid('invalid_field', `The "${name}" field must be a number.`, { field: name })
  return id
}

/**
 * `POST /wp-comments-post.php`, WordPress's comment form handler, field for field: the reader lands back on the
 * post (303) at their comment, or, when it is held, on `?unapproved=ID&moderation-hash=…` which shows it to them
 * alone. `GET …?form=POST_ID` gives the form's script a fresh signed timestamp and says who is signed in.
 */
export const submitRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { comments, posts, permalinks, config } = services
  const secure = config.siteUrl.startsWith('https:')
  /**
   * A refused comment as people see it (with the way back to the article) or, for a script asking for JSON, as
   * WordPress's `{code, message, data: {status}}`. A 429 says when to try again.
   */
  app.setErrorHandler(async (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(err)
    const status = STATUS_BY_CODE[problem.code] ?? problem.status
    if (status >= 500) req.log.error({ err, reqId: req.id }, 'comment submission failed')
    const retryAfter = problem.details.retryAfter
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter))
    reply.status(status).header('cache-control', 'no-store')
    if ((req.headers.accept ?? '').includes('application/json')) return reply.send({ code: problem.code, message: problem.message, data: { status, ...problem.details } })
    return reply.type('text/html; charset=utf-8').send(commentErrorPage(problem.code, problem.message, await backTo(req).catch(() => null)))
  })

  /** The article the form was on, when it is one readers can open. */
  async function backTo(req: FastifyRequest): Promise<string | null> {
    const id = Number(text((req.body ?? {}) as Form, 'comment_post_ID'))
    const post = Number.isSafeInteger(id) && id > 0 ? await posts.get(id, systemActor).catch(() => null) : null
    return post?.status === 'publish' ? `${await permalinks.linkFor(post)}#respond` : null
  }

  app.post('/wp-comments-post.php', async (req, reply) => {
    const form = (req.body ?? {}) as Form
    if (typeof form !== 'object') throw invalid('missing_field', 'The comment form was empty.', { field: 'comment' })
    const postId = idField(form, 'comment_post_ID', true)!
    const content = text(form, 'comment')
    if (content === undefined) throw invalid('missing_field', 'The "comment" field is missing: please type your comment.', { field: 'comment' })
    if (isTooLong(content)) throw invalid('comment_too_long', `Your comment is too long: the "comment" field takes at most 64 KB (${MAX_CONTENT} bytes).`, { field: 'comment' })
    const actor = await req.actor()
    const comment = await comments.submit(
      {
        postId,
        parentId: idField(form, 'comment_parent', false) || null,
        authorName: text(form, 'author'),
        authorEmail: text(form, 'email'),
        authorUrl: text(form, 'url'),
        authorIp: req.ip,
        authorUserAgent: req.headers['user-agent'] ?? '',
        content,
        form: { honeypot: text(form, HONEYPOT_FIELD) ?? '', token: text(form, TOKEN_FIELD) ?? null },
      },
      actor,
    )
    if (actor.kind === 'anonymous') remember(reply, text(form, 'wp-comment-cookies-consent') === 'yes' ? comment : null)
    const link = await permalinks.linkFor(await posts.get(comment.post_id, systemActor))
    if (comment.status === 'approved') return reply.redirect(`${link}#comment-${comment.id}`, 303)
    const hash = await comments.moderationHash(comment)
    return reply.redirect(`${link}${link.includes('?') ? '&' : '?'}unapproved=${comment.id}&moderation-hash=${hash}#comment-${comment.id}`, 303)
  })

  app.get('/wp-comments-post.php', async (req, reply) => {
    const query = req.query as Record<string, string | undefined>
    if (query.form === undefined) {
      reply.header('allow', 'POST')
      throw new DomainError('invalid', 'method_not_allowed', 'Comments are sent to this address with the comment form (POST).', { status: 405 })
    }
    const postId = Number(query.form)
    if (!Number.isSafeInteger(postId) || postId <= 0) throw invalid('invalid_field', 'The "form" parameter must be a post id.', { field: 'form' })
    const user = await req.currentUser()
    return reply
      .header('cache-control', 'private, no-store')
      .send({ token: await comments.formToken(postId), user: user ? { name: user.display_name } : null })
  })

  /** Consent given: the reader's name, email and website for a year; withheld: whatever was kept is forgotten. */
  function remember(reply: FastifyReply, comment: { author_name: string; author_email: string; author_url: string } | null): void {
    if (!comment) {
      reply.clearCookie(COMMENTER_COOKIE, { path: '/' })
      return
    }
    const value = JSON.stringify({ name: comment.author_name, email: comment.author_email, url: comment.author_url })
    reply.setCookie(COMMENTER_COOKIE, value, { path: '/', maxAge: YEAR_SECONDS, sameSite: 'lax', secure, httpOnly: false })
  }
}


