import type { FastifyInstance } from 'fastify'
import { avatarUrl, commentBodyHtml } from '../../comments/index.js'
import type { CommentRow } from '../../db/index.js'
import type { Services } from '../../services.js'
import { escapeHtml } from '../../shared/html.js'
import { systemActor } from '../../users/index.js'
import { formatPhpDate } from '../format-date.js'

/** Where a theme's comments section says the visitor's own held comment goes; before `</main>` if it does not. */
export const HELD_MARKER = '<!--pressroom:held-comment-->'

/**
 * `?unapproved=ID&moderation-hash=…` (where a held comment's writer lands, as in WordPress): the post's page as
 * everyone gets it, with their comment added and "Your comment is awaiting moderation." The page is made here,
 * for this visitor only: it is never cached, and without the right hash nothing is added.
 */
export function registerHeldView(app: FastifyInstance, services: Services): void {
  const { comments, posts, permalinks, settings, config } = services

  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' || !req.url.includes('moderation-hash=')) return
    const url = new URL(req.url, 'http://local')
    const held = await comments.heldFor(Number(url.searchParams.get('unapproved')), url.searchParams.get('moderation-hash') ?? '')
    if (!held) return
    const post = await posts.get(held.post_id, systemActor).catch(() => null)
    if (!post || post.status !== 'publish') return
    const path = (await permalinks.pathsFor([post])).get(post.id)
    if (path !== url.pathname) return
    const page = await app.inject({ method: 'GET', url: path, headers: { 'accept-encoding': 'identity', accept: 'text/html' } })
    if (page.statusCode !== 200 || !String(page.headers['content-type'] ?? '').startsWith('text/html')) return
    const parent = held.parent_id === null ? null : await comments.get(held.parent_id, systemActor).catch(() => null)
    const html = heldCommentHtml(held, parent?.status === 'approved' ? parent : null, await settings.all(), config.siteUrl)
    const body = page.body.includes(HELD_MARKER) ? page.body.replace(HELD_MARKER, html) : page.body.replace('</main>', `${html}</main>`)
    return reply.code(200).header('cache-control', 'private, no-store').header('x-cache', 'BYPASS').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8').send(body)
  })
}

function heldCommentHtml(c: CommentRow, parent: CommentRow | null, all: Awaited<ReturnType<Services['settings']['all']>>, siteUrl: string): string {
  const avatar = all.show_avatars ? `<img class="avatar" src="${escapeHtml(avatarUrl(c, siteUrl))}" alt="" width="40" height="40">` : ''
  const name = escapeHtml(c.author_name || 'Anonymous')
  const when = formatPhpDate(new Date(c.created_at), all.date_format, all.timezone)
  const inReply = parent ? `<p class="comment-in-reply-to">In reply to <a href="#comment-${parent.id}">${escapeHtml(parent.author_name || 'Anonymous')}</a>.</p>` : ''
  return (
    `<ol class="comment-list comment-list-held"><li class="comment depth-1 comment-awaiting" id="comment-${c.id}"><article class="comment-body">` +
    `<header class="comment-meta">${avatar}<span class="comment-author">${name}</span> <span class="comment-date"><time datetime="${escapeHtml(c.created_at)}">${escapeHtml(when)}</time></span></header>` +
    `<p class="comment-awaiting-moderation" role="status"><em>Your comment is awaiting moderation.</em></p>${inReply}` +
    `<div class="comment-content">${commentBodyHtml(c)}</div></article></li></ol>`
  )
}
