import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { commentBodyHtml, isModerationAction, type ModerationAction } from '../../comments/index.js'
import { checkCsrf, CSRF_FIELD, csrfToken } from '../../http/csrf.js'
import type { Services } from '../../services.js'
import { isDomainError } from '../../shared/errors.js'
import { escapeHtml } from '../../shared/html.js'
import { type Actor, systemActor } from '../../users/index.js'

/** The actions a notification links to, and what their button and result say. */
const ACTIONS: Partial<Record<ModerationAction, { verb: string; done: string }>> = {
  approve: { verb: 'Approve', done: 'approved' },
  unapprove: { verb: 'Unapprove', done: 'moved back to the moderation queue' },
  spam: { verb: 'Mark as spam', done: 'marked as spam' },
  trash: { verb: 'Move to the trash', done: 'moved to the trash' },
}

/**
 * `/wp-admin/comment.php?action=approve&c=ID`: where the links in a notification lead (WordPress's address). A link
 * changes nothing by itself: a signed-in moderator confirms with a button (a form post with a CSRF token).
 */
export const moderateRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { comments, posts, permalinks, config } = services
  const secure = config.siteUrl.startsWith('https:')
  const page = (reply: FastifyReply, status: number, title: string, body: string) =>
    reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('x-robots-tag', 'noindex')
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
          `<style>body{font:17px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}blockquote{margin:1rem 0;padding:.5rem 1rem;background:#f4f5f7;border-left:3px solid #8b919c}button{font:inherit;padding:.4rem .9rem}</style></head>` +
          `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
      )

  function load(req: { query: unknown; body?: unknown }, reply: FastifyReply, signedIn: boolean) {
    const input = { ...(req.query as Record<string, string>), ...((req.body as Record<string, string> | undefined) ?? {}) }
    const action = input.action ?? ''
    const id = Number(input.c)
    if (!isModerationAction(action) || !ACTIONS[action] || !Number.isSafeInteger(id)) {
      page(reply, 400, 'That link is not complete', '<p>It needs an action (approve, unapprove, spam or trash) and a comment id.</p>')
      return null
    }
    if (!signedIn) {
      page(reply, 401, 'Please sign in', `<p>Sign in as a moderator, then open the link from the email again.</p><p><a href="/admin/login">Sign in</a></p>`)
      return null
    }
    return { action, id, verb: ACTIONS[action]! }
  }

  async function describe(id: number, actor: Actor) {
    const comment = await comments.get(id, actor)
    const post = await posts.get(comment.post_id, systemActor)
    const link = await permalinks.linkFor(post)
    return {
      comment,
      link,
      html:
        `<p>By <strong>${escapeHtml(comment.author_name || 'Anonymous')}</strong>${comment.author_email ? ` &lt;${escapeHtml(comment.author_email)}&gt;` : ''}` +
        ` on <a href="${escapeHtml(link)}">${escapeHtml(post.title)}</a>, now <em>${escapeHtml(comment.status)}</em>.</p><blockquote>${commentBodyHtml(comment)}</blockquote>`,
    }
  }

  const refused = (reply: FastifyReply, err: unknown) => {
    if (!isDomainError(err)) throw err
    const status = err.kind === 'not_found' ? 404 : err.kind === 'unauthenticated' ? 401 : 403
    return page(reply, status, status === 404 ? 'No such comment' : 'Not allowed', `<p>${escapeHtml(err.message)}</p>`)
  }

  app.get('/wp-admin/comment.php', async (req, reply) => {
    const found = load(req, reply, (await req.currentUser()) !== null)
    if (!found) return reply
    try {
      const { html } = await describe(found.id, await req.actor())
      const token = csrfToken(req, reply, secure)
      return page(
        reply,
        200,
        `${found.verb.verb} this comment?`,
        `${html}<form method="post" action="/wp-admin/comment.php"><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}">` +
          `<input type="hidden" name="action" value="${found.action}"><input type="hidden" name="c" value="${found.id}"><button type="submit">${escapeHtml(found.verb.verb)}</button></form>`,
      )
    } catch (err) {
      return refused(reply, err)
    }
  })

  app.post('/wp-admin/comment.php', async (req, reply) => {
    const found = load(req, reply, (await req.currentUser()) !== null)
    if (!found) return reply
    checkCsrf(req, (req.body ?? {}) as Record<string, unknown>)
    try {
      const actor = await req.actor()
      await comments.moderate([found.id], found.action, actor)
      const { html, link } = await describe(found.id, actor)
      return page(reply, 200, `Comment ${found.verb.done}`, `${html}<p><a href="${escapeHtml(link)}#comments">Back to the article</a></p>`)
    } catch (err) {
      return refused(reply, err)
    }
  })
}
