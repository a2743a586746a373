import type { FastifyPluginAsync } from 'fastify'
import { isModerationAction } from '../comments/index.js'
import type { Services } from '../services.js'
import { invalid } from '../shared/errors.js'
import type { AdminGuard } from './admin-guard.js'
import { privateJson } from './admin-guard.js'

const idOf = (value: unknown): number => {
  const id = Number(value)
  if (!Number.isSafeInteger(id) || id < 1) throw invalid('invalid_id', 'The id must be a positive whole number.')
  return id
}

/**
 * What the comments screen needs beyond the REST API: counts per status for its tabs and the nav badge, bulk
 * actions in one transaction, and a moderator's reply (WordPress does these through admin-ajax). The comments
 * service checks who may moderate which comment: authors only those on their own posts.
 */
export const moderationRoutes: FastifyPluginAsync<{ services: Services; guard: AdminGuard }> = async (app, { services, guard }) => {
  app.get('/comment-counts', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'edit_posts')
    return privateJson(reply).send(await services.comments.counts({}, actor))
  })

  app.post('/comments/bulk', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'edit_posts')
    const body = (req.body ?? {}) as { ids?: unknown; action?: unknown }
    const action = String(body.action ?? '')
    if (!isModerationAction(action)) throw invalid('invalid_action', `Unknown action "${action}".`)
    if (!Array.isArray(body.ids) || body.ids.length === 0 || body.ids.length > 500) throw invalid('invalid_ids', 'Choose between 1 and 500 comments.')
    const ids = [...new Set(body.ids.map(idOf))]
    const rows = await services.comments.moderate(ids, action, actor)
    return privateJson(reply).send({ action, comments: rows.map((c) => ({ id: c.id, status: action === 'delete' ? 'deleted' : c.status })) })
  })

  app.post('/comments/:id/reply', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'edit_posts')
    const id = idOf((req.params as { id: string }).id)
    const content = (req.body as { content?: unknown } | null)?.content
    if (typeof content !== 'string' || !content.trim()) throw invalid('empty_comment', 'Write a reply first.')
    const row = await services.comments.reply(id, content, actor)
    return privateJson(reply.status(201)).send({ id: row.id, parent: row.parent_id, post: row.post_id, status: row.status })
  })
}
