import type {} from '@fastify/cookie'
import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { DomainError } from '../shared/errors.js'
import { randomToken } from '../users/passwords.js'

const CSRF_COOKIE = 'pressroom_csrf'
export const CSRF_FIELD = '_csrf'

/** The token to put in a form: a double-submit cookie, set once per browser. */
export function csrfToken(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = req.cookies[CSRF_COOKIE]
  if (existing && /^[\w-]{32,}$/.test(existing)) return existing
  const token = randomToken()
  reply.setCookie(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure })
  return token
}

/** Refuses a form post whose token does not match the browser's cookie. */
export function checkCsrf(req: FastifyRequest, body: Record<string, unknown>): void {
  const cookie = req.cookies[CSRF_COOKIE] ?? ''
  const sent = typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : ''
  const a = Buffer.from(cookie)
  const b = Buffer.from(sent)
  if (!cookie || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new DomainError('forbidden', 'invalid_csrf_token', 'The form has expired or came from another site: please reload the page and try again.')
  }
}
