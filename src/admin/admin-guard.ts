import type {} from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from '../http/actor.js'
import { checkCsrf } from '../http/csrf.js'
import { verifyRestNonce } from '../http/rest-auth.js'
import type { Clock } from '../shared/clock.js'
import { DomainError } from '../shared/errors.js'
import { type Actor, can, type Capability, type User, userActor } from '../users/index.js'

export const CSRF_HEADER = 'x-csrf-token'
export const NONCE_HEADER = 'x-wp-nonce'

const headerOf = (req: FastifyRequest, name: string): string => {
  const v = req.headers[name]
  return (Array.isArray(v) ? v[0] : v) ?? ''
}

/**
 * The admin API's one door, used by every endpoint that needs a signed-in person: the session cookie, the same
 * `wp_rest` nonce the REST API takes (`X-WP-Nonce`, so another site cannot drive a signed-in browser), and a
 * capability. The domain services check capabilities again on every write.
 */
export function createAdminGuard(clock: Clock) {
  async function signedIn(req: FastifyRequest, capability: Capability = 'read'): Promise<{ user: User; actor: Actor; token: string }> {
    const token = req.cookies[SESSION_COOKIE] ?? ''
    const user = token ? await req.currentUser() : null
    if (!user) throw new DomainError('unauthenticated', 'rest_not_logged_in', 'You are not signed in: please sign in again.')
    if (!verifyRestNonce(token, headerOf(req, NONCE_HEADER), clock.now())) {
      throw new DomainError('forbidden', 'rest_cookie_invalid_nonce', 'Cookie check failed: reload the page and try again.')
    }
    const actor = userActor(user)
    if (!can(actor, capability)) throw new DomainError('forbidden', 'rest_forbidden', 'Sorry, you are not allowed to do that.', { capability })
    return { user, actor, token }
  }

  /** Before anyone signs in (setup, sign-in) there is no session to bind a nonce to: a double-submit token instead. */
  function checkFormToken(req: FastifyRequest): void {
    checkCsrf(req, { _csrf: headerOf(req, CSRF_HEADER) })
  }

  return { signedIn, checkFormToken }
}

export type AdminGuard = ReturnType<typeof createAdminGuard>

/** JSON answers from the admin API are for one person and never cached. */
export const privateJson = (reply: FastifyReply) => reply.header('cache-control', 'no-store, private').type('application/json; charset=utf-8')
